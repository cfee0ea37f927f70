/**
 * The failed-episode index, near the top of the report: one row per failed episode that has a
 * drill-down (env, team, seed, trial, how it ended, its primary failure mode and the step where
 * it went wrong), each linking to its drill-down. The table sorts by any column (script.ts);
 * printed, it is in key order. A very large run lists a bounded number, taken evenly from every
 * cell, and says how many failed in all.
 */
import { compareKeys } from '../../../run/episode-id.js';
import { escapeAttr, escapeHtml } from '../escape.js';
import { int, pct, plural } from '../format.js';
import type { Drilldown, ReportData } from '../model.js';
import { MODE_COLOURS } from '../palette.js';
import { blameCellText, runBlameSummary } from './blame.js';
import { episodeAnchor, wrongStepOf } from './episode.js';
import { MODE_LABELS, OUTCOME_LABELS, section, teamCell, type Html } from './common.js';
import type { FailureMode } from '../../../metrics/modes.js';

/** The most rows the index lists. */
export const FAILURE_INDEX_LIMIT = 200;

/** The failed-episode index section. */
export function failureIndexSection(data: ReportData, limit = FAILURE_INDEX_LIMIT): Html {
  const failed = data.cells.reduce((n, c) => n + c.failed, 0);
  const episodes = data.cells.reduce((n, c) => n + c.episodes, 0);
  if (failed === 0)
    return section('failure-index', 'Failed episodes at a glance', escapeHtml('No episode failed.'), '');
  const listed = evenly(
    data.cells.map((c) => c.drilldowns),
    limit,
  ).sort((a, b) => compareKeys(a.record, b.record));
  const drilled = data.cells.reduce((n, c) => n + c.drilldowns.length, 0);
  if (drilled === 0) {
    const none = `${plural(failed, 'episode')} of ${int(episodes)} failed; the report keeps no drill-downs (a limit of 0 per cell), so there is nothing to link to. Every failed episode is in episodes.jsonl.`;
    return section(
      'failure-index',
      'Failed episodes at a glance',
      escapeHtml(none),
      `${rootCauses(data)}${runBlameSummary(data.blame)}`,
    );
  }
  const variants = data.run.variants > 1;
  const blamed = data.blame.state === 'read';
  const guide = `${plural(failed, 'episode')} of ${int(episodes)} failed (${pct(failed / Math.max(1, episodes))}). Each row links to the episode’s drill-down below, which opens on its timeline with the step where it went wrong marked. Press a column’s header to sort by it.`;
  const headers: Array<[string, boolean]> = [
    ['env', false],
    ['team', false],
    ['seed', true],
    ...(variants ? ([['variant', true]] as Array<[string, boolean]>) : []),
    ['trial', true],
    ['ended', false],
    ['primary failure mode', false],
    ['step', true],
    ['by', false],
    ...(blamed ? ([['blamed (intervention)', false]] as Array<[string, boolean]>) : []),
  ];
  const head = `<thead><tr>${headers.map(([h, numeric]) => `<th${numeric ? ' class="num"' : ''}><button type="button">${escapeHtml(h)}</button></th>`).join('')}<th class="plain">drill-down</th></tr></thead>`;
  const rows = listed.map((d, i) => indexRow(data, d, i, variants, blamed)).join('');
  const table = `<div class="table-wrap index-wrap"><table class="sortable failure-index">${head}<tbody>${rows}</tbody></table></div>`;
  const notes: string[] = [];
  if (listed.length < failed)
    notes.push(
      listed.length < drilled
        ? `Listed: ${int(listed.length)} of the ${int(failed)} failed episodes, taken evenly from every cell (up to ${int(limit)} in all, and the first ${int(data.limits.drilldownsPerCell)} per cell by seed, variant and trial); every failed episode is in episodes.jsonl.`
        : `Listed: the ${int(listed.length)} failed episodes with a drill-down (the first ${int(data.limits.drilldownsPerCell)} per cell by seed, variant and trial) of ${int(failed)}; every failed episode is in episodes.jsonl.`,
    );
  const note = notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return section(
    'failure-index',
    'Failed episodes at a glance',
    escapeHtml(guide),
    `${rootCauses(data)}${runBlameSummary(data.blame)}${table}${note}`,
  );
}

/** Root causes over every failed episode of the run, most frequent first. */
function rootCauses(data: ReportData): Html {
  const counts = new Map<FailureMode, number>();
  for (const c of data.cells) for (const p of c.primaryModes) counts.set(p.mode, (counts.get(p.mode) ?? 0) + p.count);
  if (counts.size === 0) return '';
  const items = [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(
      ([mode, n]) =>
        `<li><span class="swatch swatch-box" style="--c:${escapeAttr(MODE_COLOURS[mode])}"></span>${escapeHtml(`${MODE_LABELS[mode]}: ${int(n)}`)}</li>`,
    );
  return `<p class="subcaption">Primary failure modes (root causes) of the failed episodes</p><ul class="legend root-causes">${items.join('')}</ul>`;
}

function indexRow(data: ReportData, d: Drilldown, order: number, variants: boolean, blamed: boolean): Html {
  const r = d.record;
  const primary = r.metrics?.primary ?? null;
  const step = wrongStepOf(d);
  const by = primary?.role ?? r.error?.role ?? '';
  const mode = primary
    ? `<span class="swatch swatch-box" style="--c:${escapeAttr(MODE_COLOURS[primary.mode])}"></span>${escapeHtml(MODE_LABELS[primary.mode])}${primary.mast ? ` <span class="muted">${escapeHtml(primary.mast)}</span>` : ''}`
    : `<span class="muted">${escapeHtml(r.error ? (OUTCOME_LABELS[r.outcome] ?? r.outcome) : 'none found')}</span>`;
  const team = teamCell(data, r.team);
  const teamHtml = typeof team === 'object' ? team.html : escapeHtml(team);
  const num = (v: number | null) =>
    `<td class="num" data-sort="${v === null ? -1 : v}">${v === null ? '–' : escapeHtml(String(v))}</td>`;
  const link = `<a href="#${escapeAttr(episodeAnchor(d))}">${escapeHtml('open ↓')}</a>`;
  return `<tr data-order="${order}"><td>${escapeHtml(r.envId)}</td><td class="team">${teamHtml}</td>${num(r.seed)}${variants ? num(r.variant ?? 0) : ''}${num(r.trial)}<td><span class="outcome outcome-${escapeAttr(r.outcome)}">${escapeHtml(OUTCOME_LABELS[r.outcome] ?? r.outcome)}</span></td><td>${mode}</td>${num(step)}<td>${escapeHtml(by)}</td>${blamed ? `<td>${escapeHtml(blameCellText(d))}</td>` : ''}<td>${link}</td></tr>`;
}

/** Up to `limit` items taken in turn from each list (the first of each, then the second, …). */
function evenly<T>(lists: readonly (readonly T[])[], limit: number): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < limit && lists.some((l) => i < l.length); i++)
    for (const l of lists) {
      if (out.length >= limit) break;
      const item = l[i];
      if (item !== undefined) out.push(item);
    }
  return out;
}
