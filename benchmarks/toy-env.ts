/**
 * The floor of the harness: a minimal Gymnasium-style toy env (a counter), registered like a
 * real env and driven through the same `make` / `reset` / `step` path, wrappers and action
 * validation (a precompiled zod schema). Its step cost is what the harness costs with almost no
 * world behind it, so the overhead above pure stepping is visible next to the real worlds.
 */
import * as z from 'zod';
import { ModelEnv, type BaseState, type EnvModel } from '../src/core/env.js';
import { listEnvs, register } from '../src/core/registry.js';
import { Rng } from '../src/core/rng.js';
import { space } from '../src/core/spaces.js';

/** The toy env's id. */
export const TOY_ENV_ID = 'bench/counter-v1';

/** Steps to the counter's target: an episode as long as a typical oracle episode. */
export const TOY_TARGET = 40;

interface CounterState extends BaseState {
  readonly count: number;
}

interface CounterObservation {
  readonly count: number;
  readonly target: number;
  readonly error: string | null;
}

const actionSchema = z.object({ type: z.enum(['inc', 'dec']) }).strict();
const actions = space(actionSchema);

const counterModel: EnvModel<CounterState, CounterObservation, Record<string, never>> = {
  parseOptions: () => ({}),
  initial: (seed) => Object.freeze({ rng: Rng.fromSeed(seed).state(), t: 0, count: 0 }),
  resetInfo: () => ({}),
  transition(state, action) {
    const t = state.t + 1;
    // Validation on, as in the real worlds: a malformed action is an error observation.
    if (!actions.contains(action)) {
      const next = Object.freeze({ ...state, t });
      return { state: next, reward: 0, terminated: false, truncated: false, info: { error: 'invalid action' } };
    }
    const count = state.count + (action.type === 'inc' ? 1 : -1);
    const next = Object.freeze({ ...state, t, count });
    return {
      state: next,
      reward: count >= TOY_TARGET ? 1 : 0,
      terminated: count >= TOY_TARGET,
      truncated: false,
      info: {},
    };
  },
  observe: (state) => Object.freeze({ count: state.count, target: TOY_TARGET, error: null }),
  sampleAction: (_state, rng) => ({ type: rng.uint32() % 2 === 0 ? 'inc' : 'dec' }),
  actionSpace: actions,
};

/** Registers the toy env (once per process) and returns its id. */
export function registerToyEnv(): string {
  if (!listEnvs().some((s) => s.id === TOY_ENV_ID))
    register({
      id: TOY_ENV_ID,
      description: 'A counter to increment to 40: the floor of the benchmark harness.',
      factory: (spec) => new ModelEnv(counterModel, spec),
      maxEpisodeSteps: 1000,
    });
  return TOY_ENV_ID;
}

/** The toy env's winning plan: increment to the target. */
export function toyPlan(): { type: 'inc' }[] {
  return Array.from({ length: TOY_TARGET }, () => ({ type: 'inc' as const }));
}
