/** D16: what happens at the edges of an episode: before the first reset, after the end, on close. */
import { describeValue } from './errors.js';
import type { Seed } from './rng.js';
import { Roller, describeError, type Rec } from './check-rollout.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, warn, type Ctx } from './check-context.js';

/**
 * D16 episode boundaries: `step` before `reset` and after the episode ended raises
 * ResetNeededError (an error when the spec enforces order, as `make()` does; otherwise a
 * warning); no truncation after one step; `reset` after the end works; `close()` twice is fine.
 */
export function checkEpisodeBoundaries(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const report = (message: string, step: number | null): void => {
    const where = step === null ? null : seed;
    if (ctx.orderEnforced) error(ctx, CHECKS.boundaries, message, where, step);
    else warn(ctx, CHECKS.boundaries, message, where, step);
  };
  const env = fresh(ctx);
  const before = thrown(() => env.step({ type: 'wait', ticks: 1 }));
  if (!before)
    report(
      `step() before any reset() returned normally. Expected: ResetNeededError (Gymnasium OrderEnforcing). Likely fix: make the env with make(id), or wrap it in OrderEnforcing.`,
      null,
    );
  else if (before.name !== 'ResetNeededError')
    report(
      `step() before any reset() threw ${describeError(before)}. Expected: ResetNeededError, which tells the caller what to do.`,
      null,
    );

  const r = new Roller(env, seed, undefined, 'stop');
  r.reset();
  const budget = Math.min(5000, Math.max(ctx.numSteps, ctx.maxEpisodeSteps ?? 0, 500) * 2);
  let firstStepOfEpisode = true;
  while (r.steps < budget && r.next()) {
    const last = JSON.parse((r.records[r.records.length - 1] as Rec).json) as {
      truncated?: unknown;
      terminated?: unknown;
    };
    if (firstStepOfEpisode && last.truncated === true && last.terminated !== true && ctx.maxEpisodeSteps !== 1) {
      error(
        ctx,
        CHECKS.boundaries,
        'The episode was truncated after its first step. Expected: truncation only at the time limit (Gymnasium: "truncates after 1 step, something has gone very wrong"). Likely fix: check the TimeLimit / maxEpisodeSteps the env is made with.',
        seed,
        1,
      );
    }
    firstStepOfEpisode = false;
  }
  if (!r.done) {
    warn(
      ctx,
      CHECKS.boundaries,
      `No episode ended within ${budget} random steps, so stepping after the end was not checked. Likely fix: register the env with maxEpisodeSteps so make() adds a TimeLimit.`,
      seed,
      budget,
    );
  } else {
    const after = thrown(() => env.step({ type: 'wait', ticks: 1 }));
    if (!after)
      report(
        `step() after the episode ended (step ${r.steps}) returned normally. Expected: ResetNeededError until reset() is called.`,
        r.steps,
      );
    else if (after.name !== 'ResetNeededError')
      report(`step() after the episode ended threw ${describeError(after)}. Expected: ResetNeededError.`, r.steps);
    const again = thrown(() => env.reset({ seed }));
    if (again)
      error(
        ctx,
        CHECKS.boundaries,
        `reset({ seed: ${seed} }) after the episode ended threw ${describeError(again)}. Expected: a new episode.`,
        seed,
        r.steps,
      );
  }
  const close1 = thrown(() => env.close());
  const close2 = thrown(() => env.close());
  if (close1 || close2)
    error(
      ctx,
      CHECKS.boundaries,
      `close() ${close1 ? 'threw' : 'threw the second time'}: ${describeError(close1 ?? close2)}. Expected: close() is idempotent. Likely fix: return early when already closed.`,
      null,
      null,
    );
}

function thrown(fn: () => unknown): Error | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(`non-Error thrown: ${describeValue(e)}`);
  }
}
