import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { bootstrap, mean, meanRateInterval, wilson, wilsonOfRate } from '../../src/stats/intervals.js';
import { Rng } from '../../src/core/rng.js';
import { pairedDifference } from '../../src/stats/paired.js';

describe('wilson', () => {
  it('matches published values', () => {
    // 8 of 10: the standard 95% Wilson interval is [0.4902, 0.9433].
    const i = wilson(8, 10);
    expect(i.low).toBeCloseTo(0.4902, 4);
    expect(i.high).toBeCloseTo(0.9433, 4);
    // 0 of 20 stays inside [0, 1] and is not degenerate (the normal approximation gives [0, 0]).
    const z = wilson(0, 20);
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(0.1611, 4);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  fcTest.prop([
    fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
  ])('contains the rate and stays in [0, 1]', ([c, n]) => {
    const i = wilson(c, n);
    expect(i.low).toBeGreaterThanOrEqual(0);
    expect(i.high).toBeLessThanOrEqual(1);
    expect(i.low).toBeLessThanOrEqual(c / n + 1e-12);
    expect(i.high).toBeGreaterThanOrEqual(c / n - 1e-12);
  });

  it('names the bad field', () => {
    expect(() => wilson(5, 3)).toThrow(/wilson\(successes\)/);
  });
});

describe('bootstrap', () => {
  /** The mean, but not `mean` itself: takes the general path, where `mean` takes the summing one. */
  const meanOfSample = (sample: readonly number[]): number => mean(sample);

  const values = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it('is reproducible for a seed and differs across seeds', () => {
    const spread = values.map((v, i) => v + i / 97);
    const a = bootstrap(spread, mean, { seed: 7 });
    expect(bootstrap(spread, mean, { seed: 7 })).toEqual(a);
    expect(bootstrap(spread, mean, { seed: 8 })).not.toEqual(a);
  });

  it('brackets the mean, and is close to the Wilson interval for a proportion', () => {
    const i = bootstrap(values, mean, { seed: 1 });
    if (i === null) throw new Error('expected an interval');
    const m = mean(values);
    expect(i.low).toBeLessThan(m);
    expect(i.high).toBeGreaterThan(m);
    const w = wilson(values.filter((v) => v === 1).length, values.length);
    expect(Math.abs(i.low - w.low)).toBeLessThan(0.06);
    expect(Math.abs(i.high - w.high)).toBeLessThan(0.06);
  });

  it('collapses to the point for constant data or one item', () => {
    expect(bootstrap([1, 1, 1], mean, { seed: 0 })).toEqual({ low: 1, high: 1 });
    expect(bootstrap([0.3], mean, { seed: 0 })).toEqual({ low: 0.3, high: 0.3 });
  });

  it('returns null, not [0, 0], when there is nothing to resample', () => {
    expect(bootstrap([], mean, { seed: 0 })).toBeNull();
    expect(bootstrap([], meanOfSample, { seed: 0 })).toBeNull();
  });

  /** The percentile bootstrap as defined: every resample built and measured, no shortcut. */
  function resampledEveryTime<T>(
    items: readonly T[],
    statistic: (s: readonly T[]) => number,
    seed: number,
    resamples: number,
  ) {
    const point = statistic(items);
    if (items.length < 2) return { low: point, high: point };
    const rng = Rng.fromSeed(seed);
    const stats = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++)
      stats[r] = statistic(Array.from(items, () => items[Math.floor(rng.float() * items.length)] as T));
    stats.sort();
    const at = (q: number) => {
      const pos = (stats.length - 1) * q;
      const a = stats[Math.floor(pos)] as number;
      const b = stats[Math.ceil(pos)] as number;
      return a + (b - a) * (pos - Math.floor(pos));
    };
    const alpha = (1 - 0.95) / 2;
    return { low: at(alpha), high: at(1 - alpha) };
  }

  // Rates as summaries hold them, constant runs (every task passed) among them, and other numbers.
  const rates = fc.oneof(
    fc.array(fc.constantFrom(0, 0.25, 1 / 3, 0.5, 1), { minLength: 1, maxLength: 30 }),
    fc
      .tuple(fc.constantFrom(0, 1, 0.1, 1 / 3), fc.integer({ min: 1, max: 30 }))
      .map(([v, n]) => Array<number>(n).fill(v)),
    fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 30 }),
  );

  fcTest.prop([rates, fc.nat(), fc.integer({ min: 10, max: 60 })], { numRuns: 300 })(
    'gives the interval of every resample measured, bit for bit, with and without the mean shortcut',
    (values, seed, resamples) => {
      const expected = resampledEveryTime(values, mean, seed, resamples);
      expect(bootstrap(values, mean, { seed, resamples })).toEqual(expected);
      expect(bootstrap(values, meanOfSample, { seed, resamples })).toEqual(expected);
    },
  );

  it('checks the seed of constant items as of any others', () => {
    expect(() => bootstrap([0, 0], mean, { seed: -1 })).toThrow(/seed/);
    expect(() => bootstrap([1, 1, 1], meanOfSample, { seed: -1 })).toThrow(/seed/);
  });

  it('resamples constant items whose statistic is not finite, as the definition does', () => {
    const sum = (s: readonly number[]) => s.reduce((a, b) => a + b, 0);
    expect(bootstrap([Infinity, Infinity], sum, { seed: 1, resamples: 10 })).toEqual(
      resampledEveryTime([Infinity, Infinity], sum, 1, 10),
    );
  });
});

describe('wilsonOfRate', () => {
  it('equals wilson for whole counts and accepts a mean of rates', () => {
    expect(wilsonOfRate(8 / 10, 10)).toEqual(wilson(8, 10));
    const i = wilsonOfRate(0.55, 10);
    expect(i.low).toBeLessThan(0.55);
    expect(i.high).toBeGreaterThan(0.55);
    expect(wilsonOfRate(0.5, 0)).toEqual({ low: 0, high: 1 });
  });

  it('names the bad field', () => {
    expect(() => wilsonOfRate(1.2, 10)).toThrow(/wilsonOfRate\(p\).*1\.2/);
    expect(() => wilsonOfRate(0.5, -1)).toThrow(/wilsonOfRate\(n\)/);
  });
});

describe('meanRateInterval', () => {
  it('does not claim certainty at 100% or 0%: 10 tasks give the Wilson bounds, not [1, 1]', () => {
    const all = meanRateInterval(Array<number>(10).fill(1), { seed: 3 });
    // The percentile bootstrap alone gives [1, 1] here.
    expect(bootstrap(Array<number>(10).fill(1), mean, { seed: 3 })).toEqual({ low: 1, high: 1 });
    expect(all?.high).toBe(1);
    expect(all?.low).toBeCloseTo(0.7225, 4);
    const none = meanRateInterval(Array<number>(10).fill(0), { seed: 3 });
    expect(none?.low).toBe(0);
    expect(none?.high).toBeCloseTo(0.2775, 4);
  });

  it('is never narrower than the bootstrap nor the Wilson interval, and is reproducible', () => {
    const values = [1, 1, 1, 0.5, 1, 0, 1, 1, 0.25, 1, 1, 1];
    const i = meanRateInterval(values, { seed: 9 });
    const b = bootstrap(values, mean, { seed: 9 });
    const w = wilsonOfRate(mean(values), values.length);
    if (i === null || b === null) throw new Error('expected intervals');
    expect(i.low).toBe(Math.min(b.low, w.low));
    expect(i.high).toBe(Math.max(b.high, w.high));
    expect(meanRateInterval(values, { seed: 9 })).toEqual(i);
  });

  it('returns null without values', () => {
    expect(meanRateInterval([], { seed: 0 })).toBeNull();
  });

  fcTest.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })], {
    numRuns: 40,
  })('brackets the mean strictly inside (0, 1) unless the mean is at that edge', (values) => {
    const i = meanRateInterval(values, { seed: 1, resamples: 200 });
    if (i === null) throw new Error('expected an interval');
    const m = mean(values);
    expect(i.low).toBeLessThanOrEqual(m + 1e-12);
    expect(i.high).toBeGreaterThanOrEqual(m - 1e-12);
    expect(i.high - i.low).toBeGreaterThan(0);
  });
});

describe('pairedDifference without pairs', () => {
  it('says anything is possible ([-1, 1]) instead of a certain [0, 0]', () => {
    const d = pairedDifference([], { seed: 1 });
    expect(d.ci).toEqual({ low: -1, high: 1 });
    expect(d.significant).toBe(false);
  });
});
