/**
 * Horizontal grouped bars with interval whiskers: one group per category (an env, a failure
 * mode), one bar per series (a team). Horizontal, because category names are long env ids.
 */
import { pct, pctCi } from '../format.js';
import { percentTicks, xAxis, type Frame } from './axes.js';
import { el, leaf, linear, svgRoot, text, tooltip } from './elements.js';

/** One bar: a rate with its interval (`null` draws nothing: the series has no data there). */
export interface BarValue {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Extra tooltip text, e.g. the counts behind the rate. */
  readonly note?: string;
}

/** A group of bars. */
export interface BarGroup {
  readonly label: string;
  /** One entry per series, in series order. */
  readonly values: readonly (BarValue | null)[];
}

/** Options of {@link groupedBarChart}. Values are rates in [0, 1]. */
export interface BarChartOptions {
  readonly label: string;
  readonly series: readonly { readonly label: string; readonly colour: string }[];
  readonly groups: readonly BarGroup[];
  readonly xTitle?: string;
  /** @defaultValue 640 */
  readonly width?: number;
  /** Left margin for the group labels. @defaultValue 220 */
  readonly labelWidth?: number;
}

const BAR = 11;
const GAP = 3;
const GROUP_GAP = 10;

/** Renders the chart as an SVG string. */
export function groupedBarChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  const labelWidth = o.labelWidth ?? 220;
  const perGroup = o.series.length * (BAR + GAP) - GAP + GROUP_GAP;
  const plotHeight = o.groups.length * perGroup;
  // The right margin holds each bar's value, printed after its whisker.
  const frame: Frame = { left: labelWidth, top: 6, right: width - 46, bottom: 6 + plotHeight };
  const height = frame.bottom + (o.xTitle ? 40 : 24);
  const x = linear([0, 1], [frame.left, frame.right]);
  const parts: string[] = [xAxis(frame, percentTicks(x), o.xTitle)];
  o.groups.forEach((g, gi) => {
    const top = frame.top + gi * perGroup + GROUP_GAP / 2;
    const mid = top + (perGroup - GROUP_GAP) / 2;
    parts.push(text(frame.left - 8, mid + 4, g.label, { class: 'label', 'text-anchor': 'end' }));
    g.values.forEach((v, si) => {
      if (v === null) return;
      const s = o.series[si];
      if (!s) return;
      const y = top + si * (BAR + GAP);
      const tip = `${g.label} — ${s.label}: ${pctCi(v.value, v)}${v.note ? ` (${v.note})` : ''}`;
      parts.push(
        el('g', {}, [
          tooltip(tip),
          leaf('rect', {
            x: frame.left,
            y,
            width: Math.max(0.5, x(v.value) - frame.left),
            height: BAR,
            fill: s.colour,
          }),
          // The whisker is drawn in the text colour so it stays visible over any bar colour.
          leaf('line', { x1: x(v.low), x2: x(v.high), y1: y + BAR / 2, y2: y + BAR / 2, class: 'whisker' }),
          leaf('line', { x1: x(v.low), x2: x(v.low), y1: y + 2, y2: y + BAR - 2, class: 'whisker' }),
          leaf('line', { x1: x(v.high), x2: x(v.high), y1: y + 2, y2: y + BAR - 2, class: 'whisker' }),
          text(x(Math.max(v.value, v.high)) + 4, y + BAR - 1.5, pct(v.value), { class: 'value' }),
        ]),
      );
    });
  });
  return svgRoot(width, height, o.label, parts);
}
