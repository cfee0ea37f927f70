/**
 * Step and reset cost of one env on one core, as medians: the oracle plan's actions are stepped
 * straight into the env (validation on, through `make`'s wrappers), and only the `step` calls are
 * timed, in CPU time of this process — resets between episodes are measured on their own.
 */
import { make } from '../src/core/registry.js';
import { planActions } from '../src/team/plan.js';
import { teamStateOf } from '../src/team/team-env.js';
import { cpuMs, median, wallMs, round } from './timing.js';

/** What {@link benchStepping} returns. */
export interface SteppingBench {
  /** Median CPU µs per step over the timed batches (CPU time: a busy neighbour does not count). */
  readonly stepUsMedian: number;
  /** Steps per second at that median (1e6 / stepUsMedian). */
  readonly stepsPerSecond: number;
  /** Timed batches the median is taken over. */
  readonly batches: number;
  /** Steps in the first episode's plan. */
  readonly planSteps: number;
}

/** Options of {@link benchStepping}. */
export interface SteppingOptions {
  /** The perturbation profile every episode is reset with. @defaultValue 'clean' */
  readonly perturb?: string;
  /** Wall-clock seconds of timed batches (after a warm-up of a fifth of that, at least 0.5 s). @defaultValue 1 */
  readonly seconds?: number;
  /** Steps per batch: long enough to time, short enough for many batches. @defaultValue 200 */
  readonly batchSteps?: number;
  /** The episodes' actions (default: the oracle plans of seeds 0..7 of a team env). */
  readonly plans?: readonly (readonly unknown[])[];
  /**
   * Step episodes of seeds never stepped before in this process (from {@link FRESH_SEEDS} on), each
   * with the oracle plan of its own task, worked out untimed after its reset as the oracle agent
   * does: the cost a run of new tasks pays, with no text, file or page met in an earlier episode.
   * `plans` is then ignored. @defaultValue false
   */
  readonly fresh?: boolean;
}

/** The first seed of fresh-seed stepping: far from the seeds every other measurement uses. */
export const FRESH_SEEDS = 1_000_000;

/** Seeds fresh-seed stepping has used, per env, so that no later call steps one again. */
const freshSeedsUsed = new Map<string, number>();

/** The oracle plans of a team env, one per seed. */
export function oraclePlans(envId: string, seeds = 8): unknown[][] {
  return Array.from({ length: seeds }, (_, seed) => {
    const env = make(envId);
    env.reset({ seed });
    const actions = planActions(teamStateOf(env)!.task);
    env.close();
    return actions;
  });
}

/** The median cost of one `env.step` of `envId` (see {@link SteppingBench}). */
export function benchStepping(envId: string, options: SteppingOptions = {}): SteppingBench {
  const perturb = options.perturb ?? 'clean';
  const seconds = options.seconds ?? 1;
  const batchSteps = options.batchSteps ?? 200;
  const fresh = options.fresh ?? false;
  const plans = fresh ? [] : (options.plans ?? oraclePlans(envId));
  const env = make(envId);
  let episode = 0;
  let plan: readonly unknown[] = [];
  let at = 0;
  let planSteps = plans[0]?.length ?? 0;
  /** Resets the env for the next episode and returns its actions. */
  const nextEpisode = (): readonly unknown[] => {
    if (!fresh) {
      const seed = episode++ % plans.length;
      env.reset({ seed, options: { perturb } });
      return plans[seed] as readonly unknown[];
    }
    const seed = freshSeedsUsed.get(envId) ?? FRESH_SEEDS;
    freshSeedsUsed.set(envId, seed + 1);
    env.reset({ seed, options: { perturb } });
    const actions = planActions(teamStateOf(env)!.task);
    if (planSteps === 0) planSteps = actions.length;
    return actions;
  };
  /** Times `batchSteps` steps (only the steps), resetting between episodes untimed. */
  const batch = (): number => {
    let elapsed = 0;
    let done = 0;
    while (done < batchSteps) {
      if (at >= plan.length) {
        plan = nextEpisode();
        at = 0;
      }
      const n = Math.min(batchSteps - done, plan.length - at);
      const t0 = cpuMs();
      let i = 0;
      let ended = false;
      while (i < n && !ended) {
        const r = env.step(plan[at + i]);
        i++;
        ended = r.terminated || r.truncated;
      }
      elapsed += cpuMs() - t0;
      done += i;
      at = ended ? plan.length : at + i;
    }
    return (elapsed * 1000) / done;
  };
  // At least half a second of warm-up: the JIT must be done with the world before timing it.
  const warmUntil = wallMs() + Math.max(500, seconds * 200);
  while (wallMs() < warmUntil) batch();
  const samples: number[] = [];
  const until = wallMs() + seconds * 1000;
  while (wallMs() < until || samples.length < 5) samples.push(batch());
  env.close();
  const us = median(samples);
  return {
    stepUsMedian: round(us),
    stepsPerSecond: Math.round(1e6 / us),
    batches: samples.length,
    planSteps,
  };
}

/** What {@link benchReset} returns. */
export interface ResetBench {
  /** Median milliseconds of one `env.reset({ seed })`, over distinct seeds. */
  readonly resetMsMedian: number;
}

/** The median cost of a seeded reset of `envId` under `perturb`. */
export function benchReset(envId: string, options: { perturb?: string; resets?: number } = {}): ResetBench {
  const env = make(envId);
  const perturb = options.perturb ?? 'clean';
  const n = options.resets ?? 200;
  for (let seed = 0; seed < 20; seed++) env.reset({ seed: 10_000 + seed, options: { perturb } });
  const samples: number[] = [];
  for (let seed = 0; seed < n; seed++) {
    const t0 = wallMs();
    env.reset({ seed, options: { perturb } });
    samples.push(wallMs() - t0);
  }
  env.close();
  return { resetMsMedian: round(median(samples), 3) };
}
