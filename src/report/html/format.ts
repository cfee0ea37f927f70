/**
 * Number formats of the report. Every rate is a percentage with one decimal, and an interval
 * follows its point estimate in brackets without repeating the unit: `72.0% [63.1, 79.4]`.
 */

/** Interval bounds as stored in summaries. */
export interface Bounds {
  readonly low: number;
  readonly high: number;
}

/** A rate as a percentage with one decimal, e.g. `72.0%`. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A rate with its interval, e.g. `72.0% [63.1, 79.4]`. */
export function pctCi(x: number, ci: Bounds): string {
  return `${pct(x)} [${(ci.low * 100).toFixed(1)}, ${(ci.high * 100).toFixed(1)}]`;
}

/** A mean or a count with a fixed number of decimals; `–` for null. */
export function num(x: number | null | undefined, decimals = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(decimals);
}

/** An integer with thin-space thousands separators (locale-independent, so output is stable). */
export function int(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202F');
}

/** `n thing` / `n things`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${int(n)} ${n === 1 ? word : pluralWord}`;
}

/** Bytes as `12.3 MB` / `456 kB`. */
export function bytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/**
 * US dollars: cents for a dollar or more, three significant digits below (model calls cost
 * fractions of a cent), e.g. `$12.34`, `$0.0123`.
 */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return `$${Math.abs(x) >= 1 || x === 0 ? x.toFixed(2) : x.toPrecision(3)}`;
}
