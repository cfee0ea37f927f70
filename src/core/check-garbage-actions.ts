/** D20: stepping garbage actions (the list is in check-garbage) never breaks the env or the process. */
import type { StepResult } from './env.js';
import { describeValue } from './errors.js';
import { Rng, deriveSeed } from './rng.js';
import { call, describeError } from './check-rollout.js';
import { nonJsonValue, stepProblems } from './check-values.js';
import { GARBAGE, mutateSampled } from './check-garbage.js';
import { CHECKS } from './check-rules.js';
import { envRef, error, fresh, safeClose, warn, type Ctx } from './check-context.js';

/**
 * D20 garbage actions (bombardment with invalid input): sampled actions alternate with garbage
 * (non-JSON, unknown types and tools, huge strings, `__proto__` keys, deep nesting, corrupted
 * arguments …). `step` never throws and always returns an observation, a finite reward, boolean
 * flags and an info object; the state stays JSON; `Object.prototype` is not polluted.
 */
export function checkGarbageActions(ctx: Ctx): void {
  const protoBefore = new Set(Object.getOwnPropertyNames(Object.prototype));
  const failedLabels = new Set<string>();
  for (const seed of ctx.seeds) {
    const env = fresh(ctx);
    const rng = Rng.fromSeed(deriveSeed(seed, 'checker', 'garbage'));
    let step = 0;
    let done = false;
    const restart = (): void => {
      call(`reset({ seed: ${seed} })`, seed, step, () => env.reset({ seed }));
      done = false;
    };
    restart();
    const garbageTail = (label: string, at: number): string =>
      `, then step(${label})${at > 1 ? ` (the check sent it as action ${at} of a mix of sampled and garbage actions)` : ''}`;
    const garbageRepro = (label: string, at: number): string =>
      `Reproduce: ${envRef(ctx)}, reset({ seed: ${seed} })${garbageTail(label, at)}.`;
    const stepWith = (label: string, hostile: boolean, action: unknown): void => {
      if (done) restart();
      step++;
      let result: unknown;
      try {
        result = env.step(action);
      } catch (e) {
        if (failedLabels.has(label)) return;
        failedLabels.add(label);
        const message = `step() threw ${describeError(e)} for ${label}. Expected: every value becomes an error observation (reward 0) and the episode continues. Likely fix: validate the action first (parseAction / zod safeParse, inside a try) and turn anything that fails into an error observation.`;
        if (hostile) warn(ctx, CHECKS.garbage, `${message} ${garbageRepro(label, step)}`);
        else error(ctx, CHECKS.garbage, message, seed, null, garbageTail(label, step));
        // The env's bookkeeping may be off after a throw: start a clean episode.
        done = true;
        return;
      }
      const problems = stepProblems(result);
      if (problems.length > 0 && !failedLabels.has(label)) {
        failedLabels.add(label);
        error(ctx, CHECKS.garbage, `For ${label}: ${problems.join('; ')}.`, seed, null, garbageTail(label, step));
      }
      const r = result as Partial<StepResult<unknown>> | null;
      done = Boolean(r?.terminated || r?.truncated);
    };
    for (const g of GARBAGE) {
      if (done) restart();
      const sampled = call('sampleAction(rng)', seed, step, () => env.sampleAction(rng));
      stepWith(`the sampled action ${describeValue(sampled, 80)}`, false, sampled);
      const mutation = mutateSampled(sampled, rng);
      if (mutation) stepWith(mutation.label, false, mutation.value());
      stepWith(g.label, g.hostile === true, g.value());
    }
    let snap: unknown;
    try {
      snap = env.snapshot();
      JSON.stringify(snap);
    } catch (e) {
      error(
        ctx,
        CHECKS.garbage,
        `After the garbage actions, snapshot() or JSON.stringify of it threw ${describeError(e)}. Expected: garbage never reaches the state. Likely fix: store only validated actions.`,
        seed,
        step,
      );
    }
    const notJson = snap === undefined ? null : nonJsonValue(snap, 'snapshot');
    if (notJson)
      error(
        ctx,
        CHECKS.garbage,
        `After the garbage actions the state is no longer plain JSON: ${notJson}. Expected: garbage never reaches the state. Likely fix: store only validated, parsed actions and messages.`,
        seed,
        step,
      );
    safeClose(env);
  }
  const added = Object.getOwnPropertyNames(Object.prototype).filter((k) => !protoBefore.has(k));
  if (added.length > 0) {
    // Leave the process as it was: the rest of the run must not inherit the pollution.
    for (const key of added) delete (Object.prototype as Record<string, unknown>)[key];
    error(
      ctx,
      CHECKS.garbage,
      `Object.prototype gained ${added.map((k) => JSON.stringify(k)).join(', ')} while stepping garbage actions (the checker removed ${added.length === 1 ? 'it' : 'them'}). Expected: __proto__ keys are rejected, never assigned. Likely fix: reject __proto__/constructor/prototype keys before merging or copying objects (parseAction does).`,
      null,
      null,
    );
  }
}
