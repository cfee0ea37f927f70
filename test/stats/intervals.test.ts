import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { bootstrap, mean, wilson } from '../../src/stats/intervals.js';

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
  const values = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it('is reproducible for a seed and differs across seeds', () => {
    const spread = values.map((v, i) => v + i / 97);
    const a = bootstrap(spread, mean, { seed: 7 });
    expect(bootstrap(spread, mean, { seed: 7 })).toEqual(a);
    expect(bootstrap(spread, mean, { seed: 8 })).not.toEqual(a);
  });

  it('brackets the mean, and is close to the Wilson interval for a proportion', () => {
    const i = bootstrap(values, mean, { seed: 1 });
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
});
