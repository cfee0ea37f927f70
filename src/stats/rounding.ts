/**
 * Rounding for stored results: 6 decimals, so summaries print and compare stably and equal
 * results always serialize to equal bytes.
 */
import type { Interval } from './intervals.js';

/** Rounds to 6 decimals. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Rounds both ends of an interval to 6 decimals. */
export function roundInterval(i: Interval): Interval {
  return { low: round6(i.low), high: round6(i.high) };
}
