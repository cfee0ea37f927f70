/**
 * One sub-env of a vector env and its autoreset rules. The sync vector env holds its slots
 * in-process and the async one spreads them over worker threads; both step them through this
 * class, so the two give identical results.
 */
import type { Env, Info } from '../core/env.js';
import { make, type MakeOptions } from '../core/registry.js';
import type { Seed } from '../core/rng.js';
import { StepGuard } from './guard.js';
import type { AutoresetMode, SubStepResult } from './types.js';

/** A sub-env with the autoreset state Gymnasium keeps per sub-env. */
export class SubEnvSlot<O = unknown> {
  readonly env: Env<O, unknown>;
  readonly guard: StepGuard;

  constructor(
    readonly index: number,
    envId: string,
    makeOptions: MakeOptions,
    readonly mode: AutoresetMode,
  ) {
    this.env = make<O, unknown>(envId, makeOptions);
    this.guard = new StepGuard(index, mode);
  }

  /** Resets the sub-env; a null seed continues its seed stream. */
  reset(seed: Seed | null, options: Readonly<Record<string, unknown>> | undefined): { observation: O; info: Info } {
    const result = this.env.reset({
      ...(seed === null ? {} : { seed }),
      ...(options === undefined ? {} : { options }),
    });
    this.guard.onReset();
    return result;
  }

  /** Steps the sub-env by the rules of the autoreset mode (call `guard.assertCanStep()` first). */
  step(action: unknown): SubStepResult<O> {
    this.guard.assertCanStep();
    if (this.guard.ended && this.mode === 'next-step') {
      // Gymnasium next-step: the action is ignored; the reset observation comes back with reward 0.
      const r = this.reset(null, undefined);
      return { observation: r.observation, reward: 0, terminated: false, truncated: false, info: r.info };
    }
    const result = this.env.step(action);
    this.guard.onStep(result.terminated, result.truncated);
    if ((result.terminated || result.truncated) && this.mode === 'same-step') {
      const r = this.reset(null, undefined);
      return {
        observation: r.observation,
        reward: result.reward,
        terminated: result.terminated,
        truncated: result.truncated,
        info: { ...r.info, final_obs: result.observation, final_info: result.info },
      };
    }
    return result;
  }

  close(): void {
    this.env.close();
  }
}
