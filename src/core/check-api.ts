/**
 * D10 API contract and D11 canonical values: what every reset and step must return before the
 * other checks can compare runs at all.
 */
import { describeValue } from './errors.js';
import type { Seed } from './rng.js';
import { Roller, call, describeError } from './check-rollout.js';
import { nonJsonValue, resetProblems, stepProblems } from './check-values.js';
import { CHECKS } from './check-rules.js';
import { error, safeClose, skipped, warn, type AnyEnv, type Ctx } from './check-context.js';

/**
 * API contract (Gymnasium `check_reset_return_type`, passive checker): the factory gives fresh
 * instances; `reset({ seed })` returns an observation and an info object and records the seed;
 * `reset({ options: {} })` works; every step returns an observation, a finite reward, boolean
 * flags and an info object. Also runs D11: observations and info hold only canonical JSON values.
 */
export function checkApiContract(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  let a: AnyEnv;
  let b: AnyEnv;
  try {
    a = ctx.factory();
    b = ctx.factory();
  } catch (e) {
    ctx.fatal = true;
    error(
      ctx,
      CHECKS.api,
      `The factory threw ${describeError(e)} on its second call. Expected: a fresh env on every call.`,
      null,
      null,
    );
    return;
  }
  if (a === b)
    error(
      ctx,
      CHECKS.api,
      'The factory returned the same instance twice. Expected: a fresh env on every call (the determinism checks compare independent instances). Likely fix: construct the env inside the factory.',
      null,
      null,
    );
  safeClose(b);
  if (a.spec === null || a.spec === undefined)
    warn(
      ctx,
      CHECKS.api,
      `env.spec is null, so reports and reproductions cannot name an env id. Likely fix: register the env and check it with checkRegisteredEnv(id).`,
    );

  let reset: unknown;
  try {
    reset = a.reset({ seed });
  } catch (e) {
    ctx.fatal = true;
    error(
      ctx,
      CHECKS.api,
      `reset({ seed: ${seed} }) threw ${describeError(e)}. Expected: { observation, info }. Likely fix: check parseOptions/initial of the model.`,
      null,
      null,
    );
    return;
  }
  const problems = resetProblems(reset);
  for (const p of problems) error(ctx, CHECKS.api, `${p}.`, seed, 0);
  if (problems.length > 0) {
    ctx.fatal = true;
    return;
  }
  if (a.seed !== seed)
    warn(
      ctx,
      CHECKS.api,
      `env.seed is ${describeValue(a.seed)} after reset({ seed: ${seed} }); expected ${seed}, so that every episode records its seed.`,
      seed,
      0,
    );
  canonicalProblem(ctx, 'the reset observation', (reset as { observation?: unknown })?.observation, seed, 0);
  canonicalProblem(ctx, 'the reset info', (reset as { info?: unknown })?.info, seed, 0);
  try {
    a.reset({ seed, options: {} });
  } catch (e) {
    error(
      ctx,
      CHECKS.api,
      `reset({ seed: ${seed}, options: {} }) threw ${describeError(e)}. Expected: empty options mean the defaults (Gymnasium check_reset_options). Likely fix: give every option a default in parseOptions.`,
      seed,
      0,
    );
  }
  try {
    a.reset({ seed: -1 });
    warn(
      ctx,
      CHECKS.api,
      'reset({ seed: -1 }) was accepted. Expected: an InvalidArgumentError naming the seed, since seeds are uint32. Likely fix: validate with assertSeed.',
    );
  } catch {
    // Expected: a bad seed is rejected.
  }

  const roller = new Roller(a, seed);
  roller.reset();
  for (let i = 0; i < ctx.numSteps; i++) {
    if (roller.done) roller.reset();
    const action = call('sampleAction(rng)', seed, roller.steps, () => a.sampleAction(roller.policy));
    roller.steps++;
    const r = call('step(action)', seed, roller.steps, () => a.step(action));
    const bad = stepProblems(r);
    for (const p of bad)
      error(ctx, CHECKS.api, `${p}, for the sampled action ${describeValue(action)}.`, seed, roller.steps);
    if (bad.length > 0) {
      // The other checks compare step results; with malformed ones they would only repeat this.
      ctx.fatal = true;
      return;
    }
    canonicalProblem(ctx, 'the observation', r.observation, seed, roller.steps);
    canonicalProblem(ctx, 'the info', r.info, seed, roller.steps);
    roller.done = r.terminated || r.truncated;
  }
  safeClose(a);
}

function canonicalProblem(ctx: Ctx, what: string, value: unknown, seed: Seed, step: number): void {
  if (skipped(ctx, CHECKS.canonical)) return;
  if (!ctx.ran.includes(CHECKS.canonical)) ctx.ran.push(CHECKS.canonical);
  const p = nonJsonValue(value, what === 'the info' || what === 'the reset info' ? 'info' : 'observation');
  if (p && !ctx.errors.some((e) => e.check === CHECKS.canonical)) {
    error(
      ctx,
      CHECKS.canonical,
      `In ${what}, ${p}. Expected: plain JSON (objects, arrays, strings, finite numbers, booleans, null), because equality, digests and replay are defined on canonical JSON. Likely fix: convert Maps/Sets to sorted arrays, drop functions, replace NaN/Infinity.`,
      seed,
      step,
    );
  }
}
