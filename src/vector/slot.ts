/**
 * One sub-env of a vector env and its autoreset bookkeeping. The sync vector env holds its slots
 * in-process and the async one spreads them over worker threads; both step them through this
 * class, so the two give identical results.
 */
import type { Env } from '../core/env.js';
import { make, type MakeOptions } from '../core/registry.js';
import { ResetNeededError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import type { AutoresetMode, SubStepResult } from './types.js';

/** A sub-env with the autoreset state Gymnasium keeps per sub-env. */
export class SubEnvSlot<O = unknown> {
  readonly env: Env<O, unknown>;
  /** True when the last step ended the episode (next-step: the next step resets). */
  #ended = false;
  #hasReset = false;

  constructor(
    readonly index: number,
    envId: string,
    makeOptions: MakeOptions,
    readonly mode: AutoresetMode,
  ) {
    this.env = make<O, unknown>(envId, makeOptions);
  }

  /** Resets the sub-env; a null seed continues its seed stream. */
  reset(seed: Seed | null, options: Readonly<Record<string, unknown>> | undefined): { observation: O; info: object } {
    const result = this.env.reset({
      ...(seed === null ? {} : { seed }),
      ...(options === undefined ? {} : { options }),
    });
    this.#ended = false;
    this.#hasReset = true;
    return result;
  }

  /** Steps the sub-env by the rules of the autoreset mode. */
  step(action: unknown): SubStepResult<O> {
    if (!this.#hasReset) {
      throw new ResetNeededError(
        `step() was called before sub-env ${this.index} was reset. Call vectorEnv.reset({ seed }) first.`,
      );
    }
    if (this.#ended) {
      if (this.mode === 'next-step') {
        // Gymnasium next-step: the action is ignored; the reset observation comes back with reward 0.
        const r = this.reset(null, undefined);
        return { observation: r.observation, reward: 0, terminated: false, truncated: false, info: r.info };
      }
      if (this.mode === 'disabled') {
        throw new ResetNeededError(
          `sub-env ${this.index} ended and autoreset is disabled. Reset it first with vectorEnv.reset({ mask }) (mask[${this.index}] = true).`,
        );
      }
    }
    const result = this.env.step(action);
    const done = result.terminated || result.truncated;
    if (done && this.mode === 'same-step') {
      const r = this.reset(null, undefined);
      return {
        observation: r.observation,
        reward: result.reward,
        terminated: result.terminated,
        truncated: result.truncated,
        info: { ...r.info, final_obs: result.observation, final_info: result.info },
      };
    }
    this.#ended = done;
    return result;
  }

  close(): void {
    this.env.close();
  }
}
