/**
 * `consistencyOf` as it was before it stopped building the (seed, trial) groups of a run without
 * variants and sorting key-value pairs: kept unchanged as the oracle the leaner one must agree
 * with, interval for interval (the bootstrap's draws follow the order of the tasks).
 */
import type { Consistency, ConsistencyOptions, TrialOutcome } from '../../src/stats/consistency.js';
import { INFRASTRUCTURE_OUTCOMES, rate } from '../../src/stats/consistency.js';
import { deriveSeed } from '../../src/core/rng.js';
import { passAtK, passHatK } from '../../src/stats/estimators.js';
import { mean, meanRateInterval } from '../../src/stats/intervals.js';
import { round6, roundInterval } from '../../src/stats/rounding.js';

interface TaskTally {
  n: number;
  c: number;
}

type CurvePoint = Consistency['passHat'][number];
export function legacyConsistencyOf(episodes: readonly TrialOutcome[], options: ConsistencyOptions): Consistency {
  const countErrors = options.countErrors ?? false;
  const tasks = new Map<string, TaskTally>();
  const variantsBySeedTrial = new Map<string, { all: boolean; count: number }>();
  let excluded = 0;
  let trials = 0;
  let variants = 1;
  for (const e of episodes) {
    const variant = e.variant ?? 0;
    variants = Math.max(variants, variant + 1);
    const key = `${e.seed}/${variant}`;
    const tally = tasks.get(key) ?? { n: 0, c: 0 };
    tasks.set(key, tally);
    if (!countErrors && INFRASTRUCTURE_OUTCOMES.has(e.outcome)) {
      excluded++;
      continue;
    }
    tally.n++;
    if (e.success) tally.c++;
    trials = Math.max(trials, tally.n);
    const st = `${e.seed}/${e.trial}`;
    const group = variantsBySeedTrial.get(st) ?? { all: true, count: 0 };
    group.all &&= e.success;
    group.count++;
    variantsBySeedTrial.set(st, group);
  }
  const tallies = [...tasks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
  const curve = (estimate: (n: number, c: number, k: number) => number, label: string): CurvePoint[] => {
    const out: CurvePoint[] = [];
    for (let k = 1; k <= trials; k++) {
      const values = tallies.filter((t) => t.n >= k).map((t) => estimate(t.n, t.c, k));
      // Some task ran the most trials, so no k up to `trials` leaves `values` empty.
      const ci = meanRateInterval(values, {
        seed: deriveSeed(options.seed, label, k),
        resamples: options.resamples ?? 2000,
      }) ?? { low: 0, high: 1 };
      out.push({ k, value: round6(mean(values)), ci: roundInterval(ci), tasks: values.length });
    }
    return out;
  };
  const repeated = tallies.filter((t) => t.n >= 2);
  const flips = repeated.filter((t) => t.c > 0 && t.c < t.n).length;
  const complete = [...variantsBySeedTrial.values()].filter((g) => g.count === variants);
  const allPass = complete.filter((g) => g.all).length;
  return {
    trials,
    tasks: tasks.size,
    excluded,
    passHat: curve(passHatK, 'pass^k'),
    passAt: curve(passAtK, 'pass@k'),
    flipRate: trials >= 2 ? rate(flips, repeated.length) : null,
    variants,
    allVariantsPass: variants >= 2 ? rate(allPass, complete.length) : null,
  };
}
