/**
 * A property-based sweep as a user writes one: fast-check draws 100 (seed, actions) cases of 50
 * steps each over one env and checks every step's result; the figure is how long the whole
 * `fc.assert` takes (issue 15's target: under one second).
 */
import fc from 'fast-check';
import { make } from '../src/core/registry.js';
import { Rng } from '../src/core/rng.js';
import { cpuMs, round, wallMs } from './timing.js';

/** What {@link benchPropertySweep} returns. */
export interface PropertySweepBench {
  /** Wall-clock milliseconds of the whole sweep. */
  readonly propertySweepMs: number;
  /** CPU milliseconds of this process over the sweep (unaffected by other processes). */
  readonly propertySweepCpuMs: number;
  readonly runs: number;
  readonly stepsPerRun: number;
}

/** Options of {@link benchPropertySweep}. */
export interface PropertySweepOptions {
  /** @defaultValue 100 */
  readonly runs?: number;
  /** @defaultValue 50 */
  readonly stepsPerRun?: number;
  /** @defaultValue 'chaos' */
  readonly perturb?: string;
}

/**
 * Runs the sweep over `envId`: each case resets with a drawn seed and steps `stepsPerRun`
 * actions sampled from the env's action space (by a drawn action seed), checking that every
 * step returns a finite reward and an observation, and resetting when an episode ends.
 */
export function benchPropertySweep(envId: string, options: PropertySweepOptions = {}): PropertySweepBench {
  const runs = options.runs ?? 100;
  const stepsPerRun = options.stepsPerRun ?? 50;
  const perturb = options.perturb ?? 'chaos';
  const env = make(envId, { maxEpisodeSteps: -1 });
  const property = fc.property(fc.nat(), fc.nat(), (seed, actionSeed) => {
    env.reset({ seed, options: { perturb } });
    const rng = Rng.fromSeed(actionSeed);
    for (let i = 0; i < stepsPerRun; i++) {
      const r = env.step(env.sampleAction(rng));
      if (!Number.isFinite(r.reward) || r.observation === undefined) return false;
      if (r.terminated || r.truncated) env.reset({ seed: seed + i + 1, options: { perturb } });
    }
    return true;
  });
  // One unmeasured case first: module loading and first-call compilation are not the sweep.
  fc.assert(property, { numRuns: 1, seed: 1 });
  const wall0 = wallMs();
  const cpu0 = cpuMs();
  fc.assert(property, { numRuns: runs, seed: 42 });
  const result = {
    propertySweepMs: round(wallMs() - wall0, 1),
    propertySweepCpuMs: round(cpuMs() - cpu0, 1),
    runs,
    stepsPerRun,
  };
  env.close();
  return result;
}
