/**
 * Confidence intervals: Wilson score intervals for rates, a seeded percentile bootstrap for
 * statistics without a closed form (paired differences), and the two combined for means of
 * values in [0, 1] (pass^k and pass@k averaged over tasks). The bootstrap draws from a seeded
 * alea stream, so the same data and seed always give the same interval.
 */
import { Rng, type Seed } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';

/** A two-sided interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a binomial rate. Unlike the normal approximation it stays inside
 * [0, 1] and is sensible at 0 or n successes; with no trials it is the uninformative [0, 1].
 */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('wilson(n)', n, 'an integer >= 0', 'pass the number of trials');
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw new InvalidArgumentError(
      'wilson(successes)',
      successes,
      `an integer in 0..${n}`,
      'pass the number of successes',
    );
  return wilsonOfRate(n === 0 ? 0 : successes / n, n, z);
}

/**
 * The Wilson score interval of a rate `p` observed over `n` units, where `p` need not be a whole
 * count over `n` (a mean of values in [0, 1]). With `n = 0` it is the uninformative [0, 1].
 */
export function wilsonOfRate(p: number, n: number, z = Z95): Interval {
  if (!(n >= 0) || !Number.isFinite(n))
    throw new InvalidArgumentError('wilsonOfRate(n)', n, 'a finite number >= 0', 'pass the number of units');
  if (!(p >= 0 && p <= 1))
    throw new InvalidArgumentError('wilsonOfRate(p)', p, 'a rate in [0, 1]', 'pass a mean of values in [0, 1]');
  if (n === 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: clamp01(centre - half), high: clamp01(centre + half) };
}

/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Seeds the resampling stream. */
  readonly seed: Seed;
  /** @defaultValue 2000 */
  readonly resamples?: number;
  /** Coverage of the interval. @defaultValue 0.95 */
  readonly level?: number;
}

/**
 * The percentile bootstrap interval of `statistic` over `items` (resampled with replacement,
 * `items.length` at a time). With one item the interval is the point itself; with none there is
 * no statistic to bracket and the result is `null` (callers show "no data", never a fake [0, 0]).
 *
 * The percentile interval has zero width whenever every resample gives the same value (all items
 * equal, e.g. every task passed): for rates use {@link meanRateInterval}, which does not.
 * `statistic` must be a pure function of the sample (all items equal are not resampled).
 */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): Interval | null {
  const { resamples, level } = checkedOptions(options);
  if (items.length === 0) return null;
  const point = statistic(items);
  if (items.length < 2) return { low: point, high: point };
  const rng = Rng.fromSeed(options.seed);
  if (sameEverywhere(items, point)) return { low: point, high: point };
  // The statistic is `mean` itself (so the items are numbers): summed without building resamples.
  const stats =
    statistic === (mean as unknown)
      ? resampledMeans(items as readonly unknown[] as readonly number[], resamples, rng)
      : resampledStatistics(items, statistic, resamples, rng);
  return percentiles(stats, level);
}

/** `statistic` of each of `resamples` resamples of `items`, drawn from `rng`. */
function resampledStatistics<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  resamples: number,
  rng: Rng,
): Float64Array {
  const stats = new Float64Array(resamples);
  const sample: T[] = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(rng.float() * items.length)] as T;
    stats[r] = statistic(sample);
  }
  return stats;
}

/**
 * {@link resampledStatistics} of {@link mean}, exactly (the same draws, the same sums in the same
 * order), without building each resample: a run's summary takes one per cell and per k, 2,000
 * resamples of every task each.
 */
function resampledMeans(values: readonly number[], resamples: number, rng: Rng): Float64Array {
  const stats = new Float64Array(resamples);
  const n = values.length;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rng.float() * n)] as number;
    stats[r] = sum / n;
  }
  return stats;
}

/** The options of a bootstrap, checked, with their defaults. */
function checkedOptions(options: BootstrapOptions): { resamples: number; level: number } {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 10)
    throw new InvalidArgumentError(
      'bootstrap({ resamples })',
      resamples,
      'an integer >= 10',
      'use the default of 2000',
    );
  if (!(level > 0 && level < 1))
    throw new InvalidArgumentError('bootstrap({ level })', level, 'a number strictly between 0 and 1', 'use 0.95');
  return { resamples, level };
}

/**
 * Whether every item is the same value and the statistic a finite number: then every resample is
 * the items themselves, item for item, and so is its statistic — the interval is the point, with
 * no resampling (a cell where every task passed is the common case). A statistic must be a pure
 * function of its sample.
 */
function sameEverywhere(items: readonly unknown[], point: number): boolean {
  if (!Number.isFinite(point)) return false;
  const first = items[0];
  for (let i = 1; i < items.length; i++) if (!Object.is(items[i], first)) return false;
  return true;
}

/** The two-sided percentile interval of `level` of the resampled statistics. */
function percentiles(stats: Float64Array, level: number): Interval {
  stats.sort();
  const alpha = (1 - level) / 2;
  return { low: quantile(stats, alpha), high: quantile(stats, 1 - alpha) };
}

/**
 * A 95% interval of the mean of per-unit rates in [0, 1] (per-task pass^k or pass@k estimates):
 * the seeded percentile bootstrap over the units, widened where needed to the Wilson interval of
 * the mean with the number of units as n; `null` without units.
 *
 * Why both: the bootstrap follows the spread between tasks (skewed or clustered estimates) but
 * collapses to zero width when every task has the same estimate — 10 tasks that all passed would
 * read "100% [100, 100]", certainty that 10 tasks cannot give. The Wilson interval of the mean
 * never collapses, and with n = the number of tasks it is conservative for any mean of values in
 * [0, 1], because their variance is at most μ(1 − μ), the binomial's; so the union keeps the
 * coverage of the wider of the two. Taking the number of tasks rather than of trials as n is
 * deliberate: trials of one task are not independent draws of the team's reliability.
 */
export function meanRateInterval(values: readonly number[], options: BootstrapOptions): Interval | null {
  const boot = bootstrap(values, mean, options);
  if (boot === null) return null;
  const w = wilsonOfRate(Math.min(1, Math.max(0, mean(values))), values.length);
  return { low: Math.min(boot.low, w.low), high: Math.max(boot.high, w.high) };
}

/** The mean of numbers (0 for none). */
export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length === 0 ? 0 : s / values.length;
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
