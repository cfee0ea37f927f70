import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { binomial, passAtK, passHatK } from '../../src/stats/estimators.js';

/** tau-bench's own formula, written the long way: mean over tasks of C(c,k)/C(n,k). */
function tauBenchPassHat(tasks: Array<{ n: number; c: number }>, k: number): number {
  return tasks.reduce((s, t) => s + binomial(t.c, k) / binomial(t.n, k), 0) / tasks.length;
}

describe('pass^k and pass@k', () => {
  it('match hand-computed values', () => {
    // 4 trials, 2 passed: pass^1 = 2/4, pass^2 = C(2,2)/C(4,2) = 1/6, pass^3 = 0.
    expect(passHatK(4, 2, 1)).toBeCloseTo(0.5, 12);
    expect(passHatK(4, 2, 2)).toBeCloseTo(1 / 6, 12);
    expect(passHatK(4, 2, 3)).toBe(0);
    // 5 trials, 4 passed: pass^3 = C(4,3)/C(5,3) = 4/10.
    expect(passHatK(5, 4, 3)).toBeCloseTo(0.4, 12);
    // pass@k: 1 − C(n−c,k)/C(n,k). n=4, c=1, k=2: 1 − C(3,2)/C(4,2) = 1 − 3/6.
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 12);
    expect(passAtK(4, 0, 4)).toBe(0);
    expect(passAtK(4, 1, 4)).toBe(1);
    expect(passHatK(4, 4, 4)).toBe(1);
  });

  it('reproduce the published tau-bench gpt-4o airline pass^1..4 from its per-trial rewards', () => {
    const rows = readFileSync(new URL('../fixtures/taubench-gpt4o-airline-rewards.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const byTask = new Map<string, { n: number; c: number }>();
    for (const row of rows) {
      const [, , task, , reward] = row.split(',');
      const t = byTask.get(task as string) ?? { n: 0, c: 0 };
      t.n++;
      if (Number(reward) === 1) t.c++;
      byTask.set(task as string, t);
    }
    const tasks = [...byTask.values()];
    expect(tasks).toHaveLength(50);
    const ours = [1, 2, 3, 4].map((k) => tasks.reduce((s, t) => s + passHatK(t.n, t.c, k), 0) / tasks.length);
    expect(ours.map((x) => x.toFixed(4))).toEqual(['0.4200', '0.2733', '0.2200', '0.2000']);
    for (let k = 1; k <= 4; k++) expect(ours[k - 1]).toBeCloseTo(tauBenchPassHat(tasks, k), 12);
  });

  fcTest.prop([
    fc
      .integer({ min: 1, max: 40 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n }))),
  ])('agree with the binomial formulas, and pass^k <= pass^1 <= pass@k', ([n, c, k]) => {
    expect(passHatK(n, c, k)).toBeCloseTo(binomial(c, k) / binomial(n, k), 9);
    expect(passAtK(n, c, k)).toBeCloseTo(1 - binomial(n - c, k) / binomial(n, k), 9);
    expect(passHatK(n, c, k)).toBeLessThanOrEqual(c / n + 1e-12);
    expect(passAtK(n, c, k)).toBeGreaterThanOrEqual(c / n - 1e-12);
  });

  it('reject k above the trials run, with the field named', () => {
    expect(() => passHatK(3, 1, 4)).toThrow(/passHatK\(k\).*1\.\.3/);
    expect(() => passAtK(3, 5, 1)).toThrow(/passAtK\(c\)/);
  });

  it('binomial is exact on small values', () => {
    expect([binomial(4, 2), binomial(10, 3), binomial(5, 0), binomial(5, 6), binomial(30, 15)]).toEqual([
      6, 120, 1, 0, 155117520,
    ]);
  });
});
