/**
 * D4 and D5: what a reset carries over from earlier episodes (the seed stream) and what it must
 * forget (everything else).
 */
import type { ResetArgs } from './env.js';
import { Rng } from './rng.js';
import { Roller, compareRecords, divergenceText, policySeed, type Rec } from './check-rollout.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, safeClose, twoSeeds, warn, type AnyEnv, type Ctx } from './check-context.js';

/**
 * D4 unseeded reset (Gymnasium obs₂ = obs₄): `reset()` after `reset({ seed })` continues the
 * seed stream deterministically, across instances and after re-seeding the same instance.
 */
export function checkUnseededReset(ctx: Ctx): void {
  const k = Math.min(ctx.numSteps, 10);
  for (const seed of ctx.seeds.slice(0, 2)) {
    const segment = (env: AnyEnv, args: ResetArgs<unknown>): Rec[] => {
      const r = new Roller(env, seed, Rng.fromSeed(policySeed(seed)), 'stop');
      r.reset(args);
      return r.run(k).records;
    };
    const a = fresh(ctx);
    const seeded1 = segment(a, { seed });
    const unseeded2 = segment(a, {});
    segment(a, { seed });
    const unseeded4 = segment(a, {});
    const b = fresh(ctx);
    segment(b, { seed });
    const unseededB = segment(b, {});
    const across = compareRecords(unseeded2, unseededB);
    if (across) {
      error(
        ctx,
        CHECKS.unseededReset,
        `reset() without a seed, after reset({ seed: ${seed} }) and ${k} steps, gives different episodes in two fresh instances, ${divergenceText(across)}. Expected: an unseeded reset continues the seed stream, so it is reproducible. Likely fix: never re-seed from entropy; derive the next episode seed from the stream started by the last seeded reset (ModelEnv does this).`,
        seed,
        null,
        `, ${k} steps of env.sampleAction(Rng.fromSeed(${policySeed(seed)})), then reset()${across.step > 0 ? ` and ${across.step} more steps with a new Rng.fromSeed(${policySeed(seed)})` : ''}`,
      );
    }
    const reseeded = compareRecords(unseeded2, unseeded4);
    if (reseeded && !across) {
      error(
        ctx,
        CHECKS.unseededReset,
        `After re-seeding the same instance with reset({ seed: ${seed} }), the following reset() gives a different episode than the first time, ${divergenceText(reseeded)}. Expected: reset({ seed }) restarts the seed stream (Gymnasium obs₂ = obs₄). Likely fix: store the stream state when a seed is given and let unseeded resets draw from it.`,
        seed,
        null,
      );
    }
    if (!across && compareRecords(seeded1, unseeded2) === null) {
      warn(
        ctx,
        CHECKS.unseededReset,
        `reset() without a seed replays exactly the episode of reset({ seed: ${seed} }). Expected: a new episode drawn from the seed stream.`,
        seed,
        0,
      );
    }
    safeClose(a);
    safeClose(b);
  }
}

/**
 * D5 reset hygiene: an episode with another seed followed by `reset({ seed: s })` equals a fresh
 * instance's `reset({ seed: s })` rollout. Catches caches and mocks that leak across episodes.
 */
export function checkResetHygiene(ctx: Ctx): void {
  const [seed, other] = twoSeeds(ctx);
  const used = new Roller(fresh(ctx), other);
  used.reset();
  used.run(ctx.numSteps);
  const again = new Roller(used.env, seed);
  again.reset();
  again.run(ctx.numSteps);
  const clean = new Roller(fresh(ctx), seed);
  clean.reset();
  clean.run(ctx.numSteps);
  const d = compareRecords(clean.records, again.records);
  if (d) {
    error(
      ctx,
      CHECKS.resetHygiene,
      `After ${ctx.numSteps} steps with seed ${other}, reset({ seed: ${seed} }) on the same instance diverges from a fresh instance's reset({ seed: ${seed} }) ${divergenceText(d)}. Expected: a seeded reset forgets everything about earlier episodes. Likely fix: rebuild all episode state in initial(seed); caches, mocks and counters kept on the instance leak across episodes.`,
      seed,
      d.step,
      ` (on an instance that first ran ${ctx.numSteps} steps with seed ${other})`,
    );
  }
  safeClose(used.env);
  safeClose(clean.env);
}
