/**
 * 100%-stacked horizontal bars: how a total splits into classes (recovery outcomes per
 * perturbation kind). Each bar carries its total at the right, so small samples show as such.
 */
import { int, pct } from '../format.js';
import { percentTicks, xAxis, type Frame } from './axes.js';
import { el, leaf, linear, svgRoot, text, tooltip } from './elements.js';

/** One bar: counts per class, in class order. */
export interface StackedRow {
  readonly label: string;
  readonly counts: readonly number[];
  /** Leave a gap above this row (it starts a new group). */
  readonly gapBefore?: boolean;
}

/** Options of {@link stackedBarChart}. */
export interface StackedBarOptions {
  readonly label: string;
  readonly classes: readonly { readonly label: string; readonly colour: string }[];
  readonly rows: readonly StackedRow[];
  /** @defaultValue 520 */
  readonly width?: number;
  /** @defaultValue 130 */
  readonly labelWidth?: number;
}

const ROW = 16;
const ROW_GAP = 6;
const GROUP_GAP = 10;

/** Renders the chart as an SVG string. */
export function stackedBarChart(o: StackedBarOptions): string {
  const width = o.width ?? 520;
  const labelWidth = o.labelWidth ?? 130;
  const tops: number[] = [];
  let y0 = 6;
  o.rows.forEach((row, ri) => {
    if (row.gapBefore && ri > 0) y0 += GROUP_GAP;
    tops.push(y0);
    y0 += ROW + ROW_GAP;
  });
  const frame: Frame = { left: labelWidth, top: 6, right: width - 56, bottom: y0 };
  const x = linear([0, 1], [frame.left, frame.right]);
  const parts: string[] = [xAxis(frame, percentTicks(x))];
  o.rows.forEach((row, ri) => {
    const y = (tops[ri] as number) + ROW_GAP / 2;
    const total = row.counts.reduce((a, b) => a + b, 0);
    parts.push(text(frame.left - 8, y + ROW / 2 + 4, row.label, { class: 'label', 'text-anchor': 'end' }));
    parts.push(text(frame.right + 6, y + ROW / 2 + 4, `n=${int(total)}`, { class: 'tick' }));
    if (total === 0) return;
    let acc = 0;
    row.counts.forEach((n, ci) => {
      const c = o.classes[ci];
      if (n === 0 || !c) return;
      const x0 = x(acc / total);
      acc += n;
      const x1 = x(acc / total);
      parts.push(
        el('g', {}, [
          tooltip(`${row.label} — ${c.label}: ${int(n)} of ${int(total)} (${pct(n / total)})`),
          leaf('rect', { x: x0, y, width: Math.max(0.5, x1 - x0), height: ROW, fill: c.colour }),
        ]),
      );
    });
  });
  return svgRoot(width, frame.bottom + 24, o.label, parts);
}
