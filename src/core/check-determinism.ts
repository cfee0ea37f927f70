/**
 * D1–D3: the same seed gives the same run (across instances, and with instances interleaved),
 * and different seeds give different runs.
 */
import { canonicalJson } from './canonical.js';
import { Rng, deriveSeed, type Seed } from './rng.js';
import { Roller, compareRecords, divergenceText, type Divergence } from './check-rollout.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, safeClose, twoSeeds, type Ctx } from './check-context.js';

/** The likely fix of a divergence between runs that should be identical (D1, D6). */
export const DETERMINISM_FIX =
  'take every random draw from the RNG state inside the env state (Rng.fromState(state.rng), rng.fork(label)), keep no state outside it, and use the virtual clock instead of real time';

/** A divergence in the sampled action points at sampleAction; any other at `otherwise`. */
export function actionFix(d: Divergence, otherwise: string): string {
  return d.field === 'action'
    ? 'sampleAction must draw only from the rng it is given and read only the current state'
    : otherwise;
}

/**
 * D1 determinism (Gymnasium's rollout test, PettingZoo's seed_test): two fresh instances, the
 * same seed and the same seeded random policy give identical observations, rewards, flags and
 * info, compared as canonical JSON, over `numSteps` steps with a reset at every episode end.
 */
export function checkDeterminism(ctx: Ctx): void {
  for (const seed of ctx.seeds) {
    const a = new Roller(fresh(ctx), seed);
    a.reset();
    a.run(ctx.numSteps);
    const b = new Roller(fresh(ctx), seed);
    b.reset();
    b.run(ctx.numSteps);
    const d = compareRecords(a.records, b.records);
    if (d) {
      error(
        ctx,
        CHECKS.determinism,
        `Two fresh instances reset with seed ${seed} diverge ${divergenceText(d)}. Expected: identical canonical JSON for the same seed and actions. Likely fix: ${actionFix(d, DETERMINISM_FIX)}.`,
        seed,
        d.step,
      );
    }
    safeClose(a.env);
    safeClose(b.env);
  }
}

/**
 * D2 interleaving independence: two instances stepped alternately (A, B, A, B …) must give the
 * same trajectories as when each runs alone. Catches module-level counters, caches and singletons.
 */
export function checkInterleaving(ctx: Ctx): void {
  const [s1, s2] = twoSeeds(ctx);
  const soloA = new Roller(fresh(ctx), s1);
  const soloB = new Roller(fresh(ctx), s2);
  soloA.reset();
  soloA.run(ctx.numSteps);
  soloB.reset();
  soloB.run(ctx.numSteps);
  const mixA = new Roller(fresh(ctx), s1);
  const mixB = new Roller(fresh(ctx), s2);
  mixA.reset();
  mixB.reset();
  for (let i = 0; i < ctx.numSteps; i++) {
    mixA.next();
    mixB.next();
  }
  for (const [solo, mix] of [
    [soloA, mixA],
    [soloB, mixB],
  ] as const) {
    const d = compareRecords(solo.records, mix.records);
    if (d) {
      error(
        ctx,
        CHECKS.interleaving,
        `Stepping two instances (seeds ${s1} and ${s2}) in alternation changed the run with seed ${solo.seed}, compared with running it alone, ${divergenceText(d)}. Expected: instances are independent. Likely fix: move module-level state (counters, caches, id generators, memoized singletons, a shared "current env") into the env state.`,
        solo.seed,
        d.step,
        `, interleaved step by step with a second instance reset with seed ${solo.seed === s1 ? s2 : s1}`,
      );
      break;
    }
  }
  for (const r of [soloA, soloB, mixA, mixB]) safeClose(r.env);
}

/**
 * D3 seed sensitivity: among k seeds, all but one must give distinct rollouts (observations,
 * rewards, flags and actions; info is left out because it echoes the seed). The policy is the
 * same for every seed, so only the env's use of the seed can make the runs differ.
 */
export function checkSeedSensitivity(ctx: Ctx): void {
  const steps = Math.min(ctx.numSteps, 20);
  const policy = deriveSeed(0, 'checker', 'sensitivity');
  const groups = new Map<string, Seed[]>();
  for (const seed of ctx.sensitivitySeeds) {
    const r = new Roller(fresh(ctx), seed, Rng.fromSeed(policy), 'stop');
    r.reset();
    r.run(steps);
    const fingerprint = r.records
      .map((rec) => {
        const { info: _info, ...rest } = JSON.parse(rec.json) as Record<string, unknown>;
        return canonicalJson(rest);
      })
      .join('\n');
    groups.set(fingerprint, [...(groups.get(fingerprint) ?? []), seed]);
    safeClose(r.env);
  }
  const k = ctx.sensitivitySeeds.length;
  if (groups.size < k - 1) {
    const same = [...groups.values()].filter((g) => g.length > 1).map((g) => `{${g.join(', ')}}`);
    error(
      ctx,
      CHECKS.seedSensitivity,
      `Only ${groups.size} distinct rollouts among ${k} seeds (the initial observation and ${steps} steps, same policy); these seeds give identical runs: ${same.join(', ')}. Expected: at least ${k - 1} distinct runs. Likely fix: derive the task and world from the seed passed to initial(seed) (Rng.fromSeed(seed).fork('task')), and never reduce it (seed % n, seed & mask).`,
      null,
      null,
    );
  }
}
