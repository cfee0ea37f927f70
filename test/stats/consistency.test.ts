import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { consistencyOf, type TrialOutcome } from '../../src/stats/consistency.js';
import type { EpisodeOutcome } from '../../src/team/episode.js';
import { legacyConsistencyOf } from './legacy-consistency.js';

function ep(seed: number, trial: number, outcome: EpisodeOutcome, variant = 0): TrialOutcome {
  return { seed, trial, variant, outcome, success: outcome === 'success' };
}

describe('consistencyOf', () => {
  it('computes pass^k and pass@k per task, averaged, for hand-made trials', () => {
    // task 0: 4/4; task 1: 2/4; task 2: 0/4.
    const eps = [
      ...[0, 1, 2, 3].map((t) => ep(0, t, 'success')),
      ep(1, 0, 'success'),
      ep(1, 1, 'failure'),
      ep(1, 2, 'success'),
      ep(1, 3, 'failure'),
      ...[0, 1, 2, 3].map((t) => ep(2, t, 'failure')),
    ];
    const c = consistencyOf(eps, { seed: 1 });
    expect(c.trials).toBe(4);
    expect(c.tasks).toBe(3);
    expect(c.passHat.map((p) => p.value)).toEqual([
      0.5,
      Math.round(((1 + 1 / 6 + 0) / 3) * 1e6) / 1e6,
      Math.round((1 / 3) * 1e6) / 1e6,
      Math.round((1 / 3) * 1e6) / 1e6,
    ]);
    // pass@2 of task 1: 1 − C(2,2)/C(4,2) = 5/6.
    expect(c.passAt[1]?.value).toBeCloseTo((1 + 5 / 6 + 0) / 3, 6);
    expect(c.passAt[3]?.value).toBeCloseTo(2 / 3, 6);
    // Only task 1 flips.
    expect(c.flipRate?.value).toBeCloseTo(1 / 3, 6);
    expect(c.flipRate?.n).toBe(3);
    for (const p of c.passHat) {
      expect(p.ci.low).toBeLessThanOrEqual(p.value + 1e-9);
      expect(p.ci.high).toBeGreaterThanOrEqual(p.value - 1e-9);
    }
    expect(c.allVariantsPass).toBeNull();
  });

  it('leaves infrastructure errors and crashes out of n unless asked, and counts them apart', () => {
    const eps = [
      ep(0, 0, 'success'),
      ep(0, 1, 'agent_error'),
      ep(0, 2, 'success'),
      ep(1, 0, 'timeout'),
      ep(1, 1, 'failure'),
      ep(1, 2, 'env_error'),
    ];
    const c = consistencyOf(eps, { seed: 1 });
    expect(c.excluded).toBe(3);
    // task 0: 2/2, task 1: 0/1 → pass^1 = 0.5; pass^2 only over task 0.
    expect(c.passHat[0]).toMatchObject({ k: 1, value: 0.5, tasks: 2 });
    expect(c.passHat[1]).toMatchObject({ k: 2, value: 1, tasks: 1 });
    const strict = consistencyOf(eps, { seed: 1, countErrors: true });
    expect(strict.excluded).toBe(0);
    expect(strict.passHat[0]?.value).toBeCloseTo(2 / 6, 6);
  });

  it('reports all-variants-pass per (seed, trial)', () => {
    const eps = [
      ep(0, 0, 'success', 0),
      ep(0, 0, 'success', 1),
      ep(1, 0, 'success', 0),
      ep(1, 0, 'failure', 1),
      ep(2, 0, 'failure', 0),
      ep(2, 0, 'failure', 1),
    ];
    const c = consistencyOf(eps, { seed: 1 });
    expect(c.variants).toBe(2);
    expect(c.allVariantsPass?.value).toBeCloseTo(1 / 3, 6);
    expect(c.allVariantsPass?.n).toBe(3);
    expect(c.flipRate).toBeNull();
  });

  it('flags nothing for a perfectly consistent team, without claiming certainty from 3 tasks', () => {
    const eps = [0, 1, 2].flatMap((s) => [0, 1, 2].map((t) => ep(s, t, 'success')));
    const c = consistencyOf(eps, { seed: 3 });
    expect(c.passHat.map((p) => p.value)).toEqual([1, 1, 1]);
    // Three tasks that all passed: the Wilson interval of 3 of 3, not [1, 1].
    expect(c.passHat[2]?.ci).toEqual({ low: 0.438503, high: 1 });
    expect(c.flipRate?.value).toBe(0);
  });

  it('gives pass^k at 100% and 0% over 10 tasks an interval of the width 10 tasks allow', () => {
    const perfect = consistencyOf(Array.from({ length: 10 }, (_, s) => [0, 1].map((t) => ep(s, t, 'success'))).flat(), {
      seed: 5,
    });
    // The case: the percentile bootstrap alone read "100.0% [100.0, 100.0]".
    expect(perfect.passHat[1]).toMatchObject({ k: 2, value: 1, tasks: 10, ci: { low: 0.722467, high: 1 } });
    expect(perfect.passAt[1]?.ci).toEqual({ low: 0.722467, high: 1 });
    const hopeless = consistencyOf(
      Array.from({ length: 10 }, (_, s) => [0, 1].map((t) => ep(s, t, 'failure'))).flat(),
      { seed: 5 },
    );
    expect(hopeless.passHat[1]).toMatchObject({ value: 0, ci: { low: 0, high: 0.277533 } });
  });

  fcTest.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), {
      minLength: 1,
      maxLength: 60,
    }),
  ])('is independent of input order, and pass^k never increases with k', (raw) => {
    const seen = new Set<string>();
    const eps = raw
      .filter(([s, t]) => !seen.has(`${s}/${t}`) && seen.add(`${s}/${t}`))
      .map(([s, t, ok]) => ep(s, t, ok ? 'success' : 'failure'));
    const a = consistencyOf(eps, { seed: 9, resamples: 50 });
    expect(consistencyOf([...eps].reverse(), { seed: 9, resamples: 50 })).toEqual(a);
    for (let i = 1; i < a.passHat.length; i++) {
      if ((a.passHat[i]?.tasks ?? 0) === (a.passHat[i - 1]?.tasks ?? 0))
        expect(a.passHat[i]!.value).toBeLessThanOrEqual(a.passHat[i - 1]!.value + 1e-9);
    }
  });
});

describe('consistencyOf against its earlier definition', () => {
  const outcome = fc.constantFrom<EpisodeOutcome>('success', 'success', 'failure', 'gave_up', 'timeout', 'agent_error');
  const episodes = fc.array(
    fc.tuple(fc.nat(30), fc.nat(3), fc.nat(2), outcome).map(([seed, trial, variant, o]) => ep(seed, trial, o, variant)),
    { maxLength: 80 },
  );
  const noVariants = fc.array(
    fc.tuple(fc.nat(1_000), fc.nat(3), outcome).map(([seed, trial, o]) => ep(seed, trial, o)),
    { maxLength: 80 },
  );
  fcTest.prop([fc.oneof(episodes, noVariants), fc.boolean()], { numRuns: 200 })(
    'gives the same curves, intervals, flip rate and all-variants rate',
    (eps, countErrors) => {
      const options = { seed: 7, countErrors, resamples: 200 };
      expect(consistencyOf(eps, options)).toEqual(legacyConsistencyOf(eps, options));
    },
  );
});
