/**
 * Line charts with interval bands: pass^k / pass@k over k, and intent kept over normalized time.
 */
import { pct } from '../format.js';
import { rateTicks, xAxis, yAxis, type Frame } from './axes.js';
import { el, leaf, linear, polygon, polyline, svgRoot, tooltip } from './elements.js';

/** A point; `low`/`high` draw its interval (a band along the line, or a bar at a lone point). */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
  /** Extra tooltip text for the point. */
  readonly note?: string;
}

/** One line. */
export interface LineSeries {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly LinePoint[];
  readonly dashed?: boolean;
  /** Draw a marker at every point (for short series, e.g. k = 1..4). @defaultValue true */
  readonly markers?: boolean;
}

/** Options of {@link lineChart}. The y axis is a rate. */
export interface LineChartOptions {
  readonly label: string;
  /** The rate range on the y axis. @defaultValue [0, 1] */
  readonly yDomain?: readonly [number, number];
  readonly series: readonly LineSeries[];
  readonly xDomain: readonly [number, number];
  readonly xTicks: readonly { readonly value: number; readonly label: string }[];
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** @defaultValue 380 */
  readonly width?: number;
  /** @defaultValue 230 */
  readonly height?: number;
}

/** Renders a line chart as an SVG string. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 380;
  const height = o.height ?? 230;
  const frame: Frame = { left: 52, top: 10, right: width - 20, bottom: height - (o.xTitle ? 40 : 24) };
  const x = linear(o.xDomain, [frame.left, frame.right]);
  const yDomain = o.yDomain ?? [0, 1];
  const y = linear(yDomain, [frame.bottom, frame.top]);
  const parts: string[] = [
    yAxis(frame, rateTicks(yDomain, y), o.yTitle),
    xAxis(
      frame,
      o.xTicks.map((t) => ({ at: x(t.value), label: t.label })),
      o.xTitle,
    ),
  ];
  // Bands first, so every line is drawn over every band.
  for (const s of o.series) {
    const banded = s.points.filter((p) => p.low !== undefined && p.high !== undefined);
    if (banded.length >= 2) {
      const upper = banded.map((p) => [x(p.x), y(p.high as number)] as const);
      const lower = banded.map((p) => [x(p.x), y(p.low as number)] as const).reverse();
      parts.push(polygon([...upper, ...lower], { fill: s.colour, 'fill-opacity': 0.14, stroke: 'none' }));
    }
  }
  for (const s of o.series) {
    const pts = s.points.map((p) => [x(p.x), y(p.y)] as const);
    const g: string[] = [];
    if (pts.length >= 2)
      g.push(polyline(pts, { stroke: s.colour, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '5 4' : undefined }));
    for (const p of s.points) {
      const tip = `${s.label}: ${pct(p.y)}${p.low !== undefined && p.high !== undefined ? ` [${(p.low * 100).toFixed(1)}, ${(p.high * 100).toFixed(1)}]` : ''}${p.note ? ` — ${p.note}` : ''}`;
      const bits: string[] = [];
      // A lone point has no band to show its interval: draw it as an error bar.
      if (s.points.length === 1 && p.low !== undefined && p.high !== undefined) {
        bits.push(
          leaf('line', { x1: x(p.x), x2: x(p.x), y1: y(p.low), y2: y(p.high), stroke: s.colour, 'stroke-width': 2 }),
        );
      }
      if (s.markers !== false || s.points.length === 1)
        bits.push(
          leaf('circle', {
            cx: x(p.x),
            cy: y(p.y),
            r: 3.5,
            fill: s.dashed ? '#ffffff' : s.colour,
            stroke: s.colour,
            'stroke-width': 1.5,
          }),
        );
      else bits.push(leaf('circle', { cx: x(p.x), cy: y(p.y), r: 6, fill: 'transparent' }));
      g.push(el('g', {}, [tooltip(tip), ...bits]));
    }
    parts.push(el('g', { class: 'series' }, g));
  }
  return svgRoot(width, height, o.label, parts);
}
