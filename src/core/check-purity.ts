/**
 * D6 and D9: the model functions are pure, and looking at an env (observe, sampleAction with
 * another rng, snapshot) never changes what it does next.
 */
import { canonicalJson } from './canonical.js';
import { Rng, deriveSeed, type Seed } from './rng.js';
import { Roller, call, compareRecords, divergenceText, firstDifference, type RollerHooks } from './check-rollout.js';
import { cloneAction } from './check-values.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, safeClose, warn, type AnyEnv, type Ctx } from './check-context.js';
import { DETERMINISM_FIX } from './check-determinism.js';

interface ModelView {
  readonly state: unknown;
  readonly model: { observe(state: unknown): unknown; transition(state: unknown, action: unknown): unknown };
}

/** The pure model behind an env, when it is a ModelEnv (custom envs may not have one). */
function modelView(env: AnyEnv): ModelView | null {
  const inner = env.unwrapped as unknown as Partial<ModelView> | undefined;
  const model = inner?.model;
  if (!inner || !model || typeof model.observe !== 'function' || typeof model.transition !== 'function') return null;
  return inner as ModelView;
}

/**
 * D6 pure transition: `transition(state, action)` called twice gives identical results and
 * leaves `state` unchanged (canonical JSON before and after), at every step of a rollout.
 */
export function checkPureTransition(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const env = fresh(ctx);
  if (!modelView(env)) {
    warn(
      ctx,
      CHECKS.pureTransition,
      'env.unwrapped has no pure model (model.transition), so transition purity was not checked.',
    );
    safeClose(env);
    return;
  }
  let reported = false;
  const hooks: RollerHooks = {
    beforeStep: (action, step) => {
      const view = modelView(env);
      if (reported || !view || view.state === null || view.state === undefined) return;
      const before = call('canonical JSON of the state', seed, step, () => canonicalJson(view.state));
      const t1 = call('model.transition(state, action)', seed, step, () =>
        canonicalJson(view.model.transition(view.state, cloneAction(action))),
      );
      const t2 = call('model.transition(state, action)', seed, step, () =>
        canonicalJson(view.model.transition(view.state, cloneAction(action))),
      );
      const after = canonicalJson(view.state);
      if (before !== after) {
        const d = firstDifference(JSON.parse(before), JSON.parse(after), 'state');
        reported = true;
        error(
          ctx,
          CHECKS.pureTransition,
          `transition(state, action) mutated its input state at step ${step}: ${d?.path} was ${d?.left} and became ${d?.right}. Expected: the input state is never written. Likely fix: build the next state with immer's produce (which freezes it) and never assign into the state you were given.`,
          seed,
          step,
        );
      } else if (t1 !== t2) {
        const d = firstDifference(JSON.parse(t1), JSON.parse(t2), 'transition');
        reported = true;
        error(
          ctx,
          CHECKS.pureTransition,
          `transition(state, action) called twice with the same state and action at step ${step} gave different results: ${d?.path} is ${d?.left}, then ${d?.right}. Expected: a pure function of (state, action). Likely fix: ${DETERMINISM_FIX}.`,
          seed,
          step,
        );
      }
    },
  };
  const r = new Roller(env, seed, undefined, 'reseed', hooks);
  r.reset();
  r.run(ctx.numSteps);
  safeClose(env);
}

/**
 * D9 observer purity (RNG stream isolation): calling `model.observe(state)`, `sampleAction` with
 * another rng, and `snapshot()` between steps must not change the trajectory, and `observe` must
 * give the observation that `step` returned.
 */
export function checkObserverPurity(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const plain = new Roller(fresh(ctx), seed);
  plain.reset();
  plain.run(ctx.numSteps);
  const observed = fresh(ctx);
  const extra = Rng.fromSeed(deriveSeed(seed, 'checker', 'observer'));
  let inconsistent = false;
  let r: Roller | null = null;
  const hooks: RollerHooks = {
    beforeStep: (_action, step) => {
      const view = modelView(observed);
      if (view && view.state !== null && view.state !== undefined) {
        const o1 = call('model.observe(state)', seed, step, () => canonicalJson(view.model.observe(view.state)));
        const o2 = call('model.observe(state)', seed, step, () => canonicalJson(view.model.observe(view.state)));
        const last = canonicalJson(r?.lastObservation);
        if (!inconsistent && o1 !== o2) {
          inconsistent = true;
          const d = firstDifference(JSON.parse(o1), JSON.parse(o2), 'observation');
          error(
            ctx,
            CHECKS.observerPurity,
            `model.observe(state) called twice before step ${step} gives different results: ${d?.path} is ${d?.left}, then ${d?.right}. Expected: observe is a pure function of the state. Likely fix: observe must not draw randomness or keep state.`,
            seed,
            step - 1,
          );
        } else if (!inconsistent && o1 !== last) {
          inconsistent = true;
          const d = firstDifference(JSON.parse(last), JSON.parse(o1), 'observation');
          warn(
            ctx,
            CHECKS.observerPurity,
            `model.observe(state) before step ${step} differs from the observation the last reset/step returned: ${d?.path} is ${d?.left} vs ${d?.right}. Expected: the env returns observe(state).`,
            seed,
            step - 1,
          );
        }
      }
      call('sampleAction(another rng)', seed, step, () => observed.sampleAction(extra));
      call('sampleAction(another rng)', seed, step, () => observed.sampleAction(extra));
      call('snapshot()', seed, step, () => observed.snapshot());
    },
  };
  r = new Roller(observed, seed, undefined, 'reseed', hooks);
  r.reset();
  r.run(ctx.numSteps);
  const d = compareRecords(plain.records, r.records);
  if (d) {
    error(
      ctx,
      CHECKS.observerPurity,
      `Calling model.observe(state), sampleAction(otherRng) and snapshot() between steps changed the trajectory ${divergenceText(d)}. Expected: observers consume no env randomness and mutate nothing. Likely fix: sampleAction must draw only from the rng it is given; observe and snapshot must not write to the state or advance its RNG.`,
      seed,
      d.step,
      ', calling observe/sampleAction/snapshot before every step',
    );
  }
  safeClose(plain.env);
  safeClose(observed);
}
