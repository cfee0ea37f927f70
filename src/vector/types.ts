/**
 * The vector env contract (Gymnasium 1.x `VectorEnv`): N sub-envs of one id stepped together,
 * results as arrays indexed by sub-env, and an autoreset mode that decides when an ended
 * sub-env starts its next episode.
 */
import type { Info } from '../core/env.js';
import type { MakeOptions } from '../core/registry.js';
import type { Seed } from '../core/rng.js';

/**
 * When an ended sub-env is reset (Gymnasium's `AutoresetMode`):
 * - `next-step`: on the step after its episode ended; that step ignores the action and returns
 *   the reset observation and info with reward 0 and both flags false.
 * - `same-step`: within the step that ended it; the new episode's first observation is returned
 *   at once and the ended episode's last observation and info go in `info.final_obs` / `info.final_info`.
 * - `disabled`: never; the caller resets ended sub-envs with `reset({ mask })`, and stepping an
 *   ended sub-env is an error.
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

/** Every autoreset mode, in Gymnasium's order. */
export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

/** What a vector env advertises about itself. */
export interface VectorMetadata {
  readonly autoresetMode: AutoresetMode;
}

/** How a vector env is built: `numEnvs` sub-envs made with `make(envId, makeOptions)`. */
export interface VectorEnvOptions {
  readonly envId: string;
  readonly numEnvs: number;
  /** @defaultValue 'next-step' */
  readonly autoresetMode?: AutoresetMode;
  /** Passed to `make()` for every sub-env. @defaultValue {} */
  readonly makeOptions?: MakeOptions;
}

/**
 * The arguments of a vector reset. `seed` seeds sub-env i with `seed + i` (Gymnasium); `seeds`
 * gives one seed (or null: continue its stream) per sub-env; `mask` resets only the sub-envs
 * whose entry is true, the others keep their episode and their last observation.
 */
export interface VectorResetArgs {
  readonly seed?: Seed;
  readonly seeds?: readonly (Seed | null)[];
  readonly options?: Readonly<Record<string, unknown>>;
  readonly mask?: readonly boolean[];
}

/** What a vector reset returns; `infos[i]` is `{}` for a sub-env the mask left alone. */
export interface VectorResetResult<O> {
  readonly observations: readonly O[];
  readonly infos: readonly Info[];
}

/** What a vector step returns, one entry per sub-env. */
export interface VectorStepResult<O> {
  readonly observations: readonly O[];
  readonly rewards: readonly number[];
  readonly terminations: readonly boolean[];
  readonly truncations: readonly boolean[];
  readonly infos: readonly Info[];
}

/** One sub-env's part of a vector step. */
export interface SubStepResult<O> {
  readonly observation: O;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
}

/** One sub-env's reset order: its seed (null: continue the stream) and options. */
export interface SubReset {
  readonly index: number;
  readonly seed: Seed | null;
  readonly options: Readonly<Record<string, unknown>> | undefined;
}
