/**
 * Axes and grid lines shared by the charts.
 */
import { el, leaf, text } from './elements.js';

/** The plotting area inside a chart's margins. */
export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A tick: where it sits (already scaled) and its label. */
export interface Tick {
  readonly at: number;
  readonly label: string;
}

/** Horizontal grid lines with labels on the left (a y axis). */
export function yAxis(frame: Frame, ticks: readonly Tick[], title?: string): string {
  const parts = ticks.map(
    (t) =>
      leaf('line', { x1: frame.left, x2: frame.right, y1: t.at, y2: t.at, class: 'grid' }) +
      text(frame.left - 6, t.at + 4, t.label, { class: 'tick', 'text-anchor': 'end' }),
  );
  if (title)
    parts.push(
      text(12, (frame.top + frame.bottom) / 2, title, {
        class: 'axis-title',
        'text-anchor': 'middle',
        transform: `rotate(-90 12 ${(frame.top + frame.bottom) / 2})`,
      }),
    );
  return el('g', { class: 'axis' }, parts);
}

/** Vertical grid lines with labels below (an x axis). */
export function xAxis(frame: Frame, ticks: readonly Tick[], title?: string): string {
  const parts = ticks.map(
    (t) =>
      leaf('line', { x1: t.at, x2: t.at, y1: frame.top, y2: frame.bottom, class: 'grid' }) +
      text(t.at, frame.bottom + 14, t.label, { class: 'tick', 'text-anchor': 'middle' }),
  );
  parts.push(leaf('line', { x1: frame.left, x2: frame.right, y1: frame.bottom, y2: frame.bottom, class: 'baseline' }));
  if (title)
    parts.push(
      text((frame.left + frame.right) / 2, frame.bottom + 30, title, { class: 'axis-title', 'text-anchor': 'middle' }),
    );
  return el('g', { class: 'axis' }, parts);
}

/** Ticks at 0, 25, 50, 75 and 100% of a [0, 1] rate axis. */
export function percentTicks(scale: (v: number) => number): Tick[] {
  return rateTicks([0, 1], scale);
}

/** Ticks at round percentages inside a rate domain: steps of 25, 10 or 5 points, by its span. */
export function rateTicks(domain: readonly [number, number], scale: (v: number) => number): Tick[] {
  const [low, high] = domain;
  const span = high - low;
  const step = span > 0.6 ? 0.25 : span > 0.25 ? 0.1 : 0.05;
  const ticks: Tick[] = [];
  // Counting in whole steps keeps floating-point noise out of the labels.
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high + 1e-9; i++) {
    const v = i * step;
    ticks.push({ at: scale(v), label: `${Math.round(v * 1000) / 10}%` });
  }
  return ticks;
}

/**
 * The lower end of a rate axis that shows `values` well: 0, unless every value is high, then a
 * round step below the smallest (the axis labels say where it starts).
 */
export function rateFloor(values: readonly number[]): number {
  const min = Math.min(1, ...values.filter((v) => Number.isFinite(v)));
  if (min >= 0.95) return 0.9;
  return Math.max(0, Math.floor((min - 0.02) * 4) / 4);
}

/**
 * Round tick values from 0 to at least `max` (steps of 1, 2 or 5 times a power of ten, about
 * four of them); the last tick is the axis's top.
 */
export function niceTicks(max: number): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = top / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // Counting in whole steps keeps floating-point noise out of the labels.
  for (let i = 0; i === 0 || (ticks[ticks.length - 1] as number) < top - 1e-12; i++)
    ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
