/**
 * The report's only script, inline and allowed by its hash in the Content-Security-Policy (no
 * other script can run). It does two small things the page cannot do in HTML and CSS alone:
 *
 * - a link to a drill-down (`#ep-…`) opens the `<details>` it lands on (and any around it), on a
 *   click, on `hashchange`, and when the page is opened with a hash — `:target` can style a
 *   closed `<details>` but not open it;
 * - a table with `class="sortable"` sorts by a column when its header button is pressed
 *   (numbers by their `data-sort` value, text by its content; again to reverse).
 *
 * Without the script the report still reads: the links land on the episode's summary line, and
 * tables keep their printed order.
 */
import { createHash } from 'node:crypto';

/** The script's source: plain ES2015, no dependencies, no globals left behind. */
export const SCRIPT = `(function () {
  'use strict';
  function reveal(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) return null;
    for (var e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    return target;
  }
  function fromHash() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (err) { return; }
    var target = reveal(id);
    if (target) target.scrollIntoView();
  }
  document.addEventListener('click', function (event) {
    var el = event.target;
    var link = el && el.closest ? el.closest('a[href^="#"]') : null;
    if (link) reveal(link.getAttribute('href').slice(1));
    var button = el && el.closest ? el.closest('table.sortable th button') : null;
    if (button) sortBy(button);
  });
  window.addEventListener('hashchange', fromHash);
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var value = cell.getAttribute('data-sort');
    return value === null ? cell.textContent.trim() : value;
  }
  function sortBy(button) {
    var th = button.closest('th');
    var table = th.closest('table');
    var index = Array.prototype.indexOf.call(th.parentElement.children, th);
    var descending = th.getAttribute('aria-sort') === 'ascending';
    var heads = th.parentElement.children;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { var k = key(r, index); return k !== '' && !isNaN(Number(k)); });
    rows.sort(function (a, b) {
      var x = key(a, index), y = key(b, index);
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'en', { numeric: true });
      return (descending ? -order : order) || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
    });
    for (var j = 0; j < rows.length; j++) body.appendChild(rows[j]);
  }
  fromHash();
})();`;

/** The CSP source that allows exactly {@link SCRIPT}. */
export const SCRIPT_CSP_SOURCE = `'sha256-${createHash('sha256').update(SCRIPT, 'utf8').digest('base64')}'`;

/** The script element, for the end of the body. */
export function scriptElement(): string {
  return `<script>${SCRIPT}</script>`;
}
