/**
 * Horizontal grouped bars with interval whiskers: one group per category (an env, a failure
 * mode), one bar per series (a team). Horizontal, because category names are long env ids. Each
 * group's name heads its bars, and every bar carries its series' name at its left and its value
 * at its right — a 0% bar too, which would otherwise be an unlabelled whisker.
 */
import { pct, pctCi } from '../format.js';
import { percentTicks, xAxis, type Frame } from './axes.js';
import { el, leaf, linear, svgRoot, text, tooltip } from './elements.js';

/**
 * One bar: a value with its interval, when it has one. `null` draws no bar and says "no data"
 * (the series has none there); a string draws no bar and says that instead (e.g. "no success").
 */
export interface BarValue {
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  /** Extra tooltip text, e.g. the counts behind the rate. */
  readonly note?: string;
}

/** A group of bars. */
export interface BarGroup {
  readonly label: string;
  /** One entry per series, in series order. */
  readonly values: readonly (BarValue | string | null)[];
}

/** A value axis other than the default rate axis [0, 1] in percent. */
export interface BarScale {
  /** The top of the axis (the bottom is 0). */
  readonly max: number;
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
  /** The format of tick labels (round numbers), when it differs from that of values. */
  readonly tickFormat?: (value: number) => string;
}

/** Options of {@link groupedBarChart}. Values are rates in [0, 1] unless `scale` says otherwise. */
export interface BarChartOptions {
  readonly label: string;
  readonly series: readonly { readonly label: string; readonly colour: string }[];
  readonly groups: readonly BarGroup[];
  readonly xTitle?: string;
  /** @defaultValue 640 */
  readonly width?: number;
  readonly scale?: BarScale;
}

const BAR = 12;
const GAP = 3;
const GROUP_GAP = 8;
/** The row above each group's bars that holds the group's name. */
const HEAD = 17;
/** Rough width of a character of the bar labels (11px system font), to size the left margin. */
const CHAR = 6.3;

/** The left margin that fits the longest series name (within reason: longer names are cut). */
function labelMargin(series: BarChartOptions['series']): number {
  const longest = Math.max(4, ...series.map((s) => Array.from(s.label).length));
  return Math.round(Math.min(28, longest) * CHAR + 14);
}

/** A series name that fits the margin: long names are cut with an ellipsis (the tooltip has it whole). */
function fit(label: string): string {
  const chars = Array.from(label);
  return chars.length <= 28 ? label : `${chars.slice(0, 27).join('')}…`;
}

/** Renders the chart as an SVG string. */
export function groupedBarChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  const labelWidth = labelMargin(o.series);
  const perGroup = HEAD + o.series.length * (BAR + GAP) - GAP + GROUP_GAP;
  const plotHeight = o.groups.length * perGroup;
  // The right margin holds each bar's value, printed after its whisker.
  const frame: Frame = { left: labelWidth, top: 4, right: width - (o.scale ? 62 : 46), bottom: 4 + plotHeight };
  const height = frame.bottom + (o.xTitle ? 40 : 24);
  const x = linear([0, o.scale?.max ?? 1], [frame.left, frame.right]);
  const format = o.scale?.format ?? pct;
  const tickFormat = o.scale?.tickFormat ?? format;
  const ticks = o.scale ? o.scale.ticks.map((t) => ({ at: x(t), label: tickFormat(t) })) : percentTicks(x);
  const parts: string[] = [xAxis(frame, ticks, o.xTitle)];
  o.groups.forEach((g, gi) => {
    const top = frame.top + gi * perGroup + GROUP_GAP / 2;
    // The group's name heads its bars, over the grid, on a band of the page colour.
    parts.push(
      leaf('rect', { x: 0, y: top, width: frame.right, height: HEAD - 3, class: 'group-head' }),
      text(4, top + HEAD - 7, g.label, { class: 'label group-label' }),
    );
    g.values.forEach((v, si) => {
      const s = o.series[si];
      if (!s) return;
      const y = top + HEAD + si * (BAR + GAP);
      parts.push(text(frame.left - 6, y + BAR - 2, fit(s.label), { class: 'bar-label', 'text-anchor': 'end' }));
      if (v === null || typeof v === 'string') {
        const say = v ?? 'no data';
        parts.push(
          el('g', {}, [
            tooltip(`${g.label} — ${s.label}: ${say}`),
            text(frame.left + 4, y + BAR - 2, say, { class: 'value muted-value' }),
          ]),
        );
        return;
      }
      const interval = v.low !== undefined && v.high !== undefined ? { low: v.low, high: v.high } : null;
      // Rates read as everywhere else in the report, `72.0% [63.1, 79.4]`.
      const shown = !interval
        ? format(v.value)
        : o.scale
          ? `${format(v.value)} [${format(interval.low)}, ${format(interval.high)}]`
          : pctCi(v.value, interval);
      const tip = `${g.label} — ${s.label}: ${shown}${v.note ? ` (${v.note})` : ''}`;
      const bits = [
        tooltip(tip),
        leaf('rect', {
          x: frame.left,
          y,
          width: Math.max(0.5, x(v.value) - frame.left),
          height: BAR,
          fill: s.colour,
        }),
      ];
      // The whisker is drawn in the text colour so it stays visible over any bar colour.
      if (interval)
        bits.push(
          leaf('line', {
            x1: x(interval.low),
            x2: x(interval.high),
            y1: y + BAR / 2,
            y2: y + BAR / 2,
            class: 'whisker',
          }),
          leaf('line', { x1: x(interval.low), x2: x(interval.low), y1: y + 2, y2: y + BAR - 2, class: 'whisker' }),
          leaf('line', { x1: x(interval.high), x2: x(interval.high), y1: y + 2, y2: y + BAR - 2, class: 'whisker' }),
        );
      bits.push(
        text(x(Math.max(v.value, interval?.high ?? v.value)) + 4, y + BAR - 1.5, format(v.value), { class: 'value' }),
      );
      parts.push(el('g', {}, bits));
    });
  });
  return svgRoot(width, height, o.label, parts);
}
