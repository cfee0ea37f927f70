/**
 * Confidence intervals: Wilson score intervals for rates, and a seeded percentile bootstrap for
 * statistics without a closed form (pass^k averaged over tasks, paired differences). The bootstrap
 * draws from a seeded alea stream, so the same data and seed always give the same interval.
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
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
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
 * `items.length` at a time). With fewer than two items the interval is the point itself.
 */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): Interval {
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
  if (items.length === 0) return { low: 0, high: 0 };
  const point = statistic(items);
  if (items.length < 2) return { low: point, high: point };
  const rng = Rng.fromSeed(options.seed);
  const stats = new Float64Array(resamples);
  const sample: T[] = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(rng.float() * items.length)] as T;
    stats[r] = statistic(sample);
  }
  stats.sort();
  const alpha = (1 - level) / 2;
  return { low: quantile(stats, alpha), high: quantile(stats, 1 - alpha) };
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
