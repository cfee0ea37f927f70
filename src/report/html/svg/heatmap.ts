/**
 * A role-pair heatmap: rows are senders, columns receivers, each cell a rate in [0, 1] shaded on
 * a sequential scale with the value printed in it. Pairs that never handed off stay blank.
 */
import { int, pct } from '../format.js';
import { sequential } from '../palette.js';
import { el, leaf, svgRoot, text, tooltip } from './elements.js';

/** One cell: the rate (null when it is undefined, e.g. nothing was needed) and the count behind it. */
export interface HeatCell {
  readonly value: number | null;
  readonly n: number;
  /** Tooltip detail. */
  readonly note?: string;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  readonly label: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]. */
  readonly cells: readonly (readonly (HeatCell | null)[])[];
  readonly rowTitle?: string;
  readonly columnTitle?: string;
}

const CELL_W = 74;
const CELL_H = 34;
const LEFT = 92;
const TOP = 36;

/** Renders the heatmap as an SVG string. */
export function heatmap(o: HeatmapOptions): string {
  const width = LEFT + o.columns.length * CELL_W + 8;
  const height = TOP + o.rows.length * CELL_H + 8;
  const parts: string[] = [];
  if (o.columnTitle) parts.push(text(LEFT, 12, `${o.columnTitle} →`, { class: 'axis-title' }));
  if (o.rowTitle) parts.push(text(4, 12, `${o.rowTitle} ↓`, { class: 'axis-title' }));
  o.columns.forEach((c, ci) =>
    parts.push(text(LEFT + ci * CELL_W + CELL_W / 2, TOP - 6, c, { class: 'tick', 'text-anchor': 'middle' })),
  );
  o.rows.forEach((r, ri) => {
    const y = TOP + ri * CELL_H;
    parts.push(text(LEFT - 6, y + CELL_H / 2 + 4, r, { class: 'tick', 'text-anchor': 'end' }));
    o.columns.forEach((c, ci) => {
      const cell = o.cells[ri]?.[ci] ?? null;
      const x = LEFT + ci * CELL_W;
      if (cell === null) {
        parts.push(leaf('rect', { x: x + 1, y: y + 1, width: CELL_W - 2, height: CELL_H - 2, class: 'heat-empty' }));
        return;
      }
      const shade = cell.value === null ? { fill: '#eeeeee', text: '#555555' } : sequential(cell.value);
      const shown = cell.value === null ? 'n/a' : pct(cell.value);
      parts.push(
        el('g', {}, [
          tooltip(`${r} → ${c}: ${shown} (n=${int(cell.n)})${cell.note ? ` — ${cell.note}` : ''}`),
          leaf('rect', { x: x + 1, y: y + 1, width: CELL_W - 2, height: CELL_H - 2, fill: shade.fill }),
          text(x + CELL_W / 2, y + 15, shown, { 'text-anchor': 'middle', fill: shade.text, class: 'heat-value' }),
          text(x + CELL_W / 2, y + 27, `n=${int(cell.n)}`, {
            'text-anchor': 'middle',
            fill: shade.text,
            class: 'heat-n',
          }),
        ]),
      );
    });
  });
  return svgRoot(width, height, o.label, parts);
}

/** The legend of the heatmap's scale: five steps from 0 to 100%. */
export function heatLegend(): string {
  const steps = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const s = sequential(t);
    return `<li><span class="swatch swatch-box" style="--c:${s.fill}"></span>${pct(t)}</li>`;
  });
  return `<ul class="legend">${steps.join('')}<li><span class="swatch swatch-box" style="--c:#eeeeee"></span>n/a: no facts needed</li><li><span class="swatch swatch-empty"></span>no handoffs</li></ul>`;
}
