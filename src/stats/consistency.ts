/**
 * Consistency of a cell (one env × team) across trials and variants: pass^k and pass@k curves
 * with intervals that do not collapse at 0% or 100% (see `meanRateInterval`), the flip rate, and
 * all-variants-pass.
 *
 * A *task* here is one (seed, variant): the unit tau-bench repeats. Only task outcomes count —
 * an episode that ended in an infrastructure error or agent crash (`agent_error`, `timeout`,
 * `env_error`) says nothing about the team's consistency, so it is left out of `n` (and counted
 * apart) unless the caller asks for errors to count as failures.
 */
import { deriveSeed, type Seed } from '../core/rng.js';
import type { EpisodeOutcome } from '../team/episode.js';
import { INFRASTRUCTURE_OUTCOMES } from '../team/episode.js';
import { passAtK, passHatK } from './estimators.js';
import { mean, meanRateInterval, wilson, type Interval } from './intervals.js';
import { round6, roundInterval } from './rounding.js';

export { INFRASTRUCTURE_OUTCOMES };

/** The fields of an episode record consistency needs. */
export interface TrialOutcome {
  readonly seed: Seed;
  readonly variant?: number;
  readonly trial: number;
  readonly outcome: EpisodeOutcome;
  readonly success: boolean;
}

/** A point of a pass^k or pass@k curve. */
export interface CurvePoint {
  readonly k: number;
  readonly value: number;
  readonly ci: Interval;
  /** Tasks with at least `k` counted trials (the average runs over these). */
  readonly tasks: number;
}

/** A rate with its Wilson interval and denominator. */
export interface RateWithInterval {
  readonly value: number;
  readonly ci: Interval;
  readonly n: number;
}

/** The consistency of one cell. */
export interface Consistency {
  /** The most trials any task ran. */
  readonly trials: number;
  /** Tasks (seed × variant) in the cell. */
  readonly tasks: number;
  /** Episodes left out because they ended in an infrastructure error or agent crash. */
  readonly excluded: number;
  /** pass^k for k = 1..trials. */
  readonly passHat: readonly CurvePoint[];
  /** pass@k for k = 1..trials. */
  readonly passAt: readonly CurvePoint[];
  /** Fraction of tasks with 2+ counted trials whose verdicts disagree; null with one trial. */
  readonly flipRate: RateWithInterval | null;
  /** Variants per seed (1 when the run had none). */
  readonly variants: number;
  /**
   * Fraction of (seed, trial) pairs in which every variant passed; null without variants. Trials
   * are kept apart so this isolates sensitivity to wording and naming from run-to-run noise.
   */
  readonly allVariantsPass: RateWithInterval | null;
}

/** Options of {@link consistencyOf}. */
export interface ConsistencyOptions {
  /** Seeds the bootstrap (derive it from the cell so cells are independent). */
  readonly seed: Seed;
  /** Count infrastructure errors and agent crashes as failed trials. @defaultValue false */
  readonly countErrors?: boolean;
  /** @defaultValue 2000 */
  readonly resamples?: number;
}

interface TaskTally {
  n: number;
  c: number;
}

/** The consistency of one cell's episodes. Input order never matters. */
export function consistencyOf(episodes: readonly TrialOutcome[], options: ConsistencyOptions): Consistency {
  const countErrors = options.countErrors ?? false;
  const tasks = new Map<string, TaskTally>();
  let variants = 1;
  for (const e of episodes) variants = Math.max(variants, (e.variant ?? 0) + 1);
  // Only a run with variants needs the (seed, trial) groups: a map as large as the run otherwise.
  const variantsBySeedTrial = variants >= 2 ? new Map<string, { all: boolean; count: number }>() : null;
  let excluded = 0;
  let trials = 0;
  for (const e of episodes) {
    const variant = e.variant ?? 0;
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
    if (variantsBySeedTrial === null) continue;
    const st = `${e.seed}/${e.trial}`;
    const group = variantsBySeedTrial.get(st) ?? { all: true, count: 0 };
    group.all &&= e.success;
    group.count++;
    variantsBySeedTrial.set(st, group);
  }
  // In the order of the task keys' code units (the default sort's), as the intervals' draws follow it.
  const tallies = [...tasks.keys()].sort().map((key) => tasks.get(key) as TaskTally);
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
  const complete = variantsBySeedTrial ? [...variantsBySeedTrial.values()].filter((g) => g.count === variants) : [];
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

/** A rate with its Wilson interval, rounded for stable summaries. */
export function rate(successes: number, n: number): RateWithInterval {
  return { value: n === 0 ? 0 : round6(successes / n), ci: roundInterval(wilson(successes, n)), n };
}
