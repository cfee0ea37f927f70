/** D8: no ambient randomness or real time while the env runs (the stubs are in check-sandbox). */
import { EnvCallError, Roller } from './check-rollout.js';
import { sandboxed, type AmbientHit } from './check-sandbox.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, safeClose, type Ctx } from './check-context.js';

/**
 * D8 ambient nondeterminism: during every `reset`, `sampleAction` and `step` of a rollout per
 * seed, `Math.random`, `Date`, `performance.now`, timers, `crypto` randomness and
 * `process.hrtime` are stubs that record the call and throw.
 */
export function checkAmbientNondeterminism(ctx: Ctx): void {
  for (const seed of ctx.seeds) {
    const hits: AmbientHit[] = [];
    const env = fresh(ctx);
    const r = new Roller(env, seed, undefined, 'reseed', {
      around: (phase, step, fn) => sandboxed(phase, step, hits, fn),
    });
    try {
      r.reset();
      r.run(ctx.numSteps);
    } catch (e) {
      if (!(e instanceof EnvCallError) || hits.length === 0) throw e;
    }
    const seen = new Set<string>();
    for (const h of hits) {
      if (seen.has(h.api)) continue;
      seen.add(h.api);
      const during = h.phase === 'step(action)' ? `step() at step ${h.step}` : h.phase;
      error(
        ctx,
        CHECKS.ambient,
        `${h.api} was used during ${during}${h.frame ? `, ${h.frame}` : ''}. Expected: no ambient randomness or real time in reset/step/sampleAction — runs would differ between machines and replays. Likely fix: draw from the env's RNG (Rng.fromState(state.rng), rng.fork(label)) and measure time in virtual ticks (state.clock).`,
        seed,
        h.step,
      );
    }
    safeClose(env);
    if (hits.length > 0) return;
  }
}
