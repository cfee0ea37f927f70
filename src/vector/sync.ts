/**
 * `SyncVectorEnv`: N sub-envs stepped one after another in this thread (Gymnasium's
 * `SyncVectorEnv`).
 */
import type { Info } from '../core/env.js';
import { ClosedEnvironmentError, ResetNeededError } from '../core/errors.js';
import { assertActions, parseVectorOptions, planReset } from './args.js';
import { SubEnvSlot } from './slot.js';
import { gatherSteps } from './gather.js';
import { refusalError, resetEach } from './reset-each.js';
import type {
  VectorEnvOptions,
  VectorMetadata,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';

/** A vector env over `numEnvs` sub-envs made by id, stepped in this thread. */
export class SyncVectorEnv<O = unknown> {
  readonly numEnvs: number;
  readonly envId: string;
  readonly metadata: VectorMetadata;
  readonly #slots: SubEnvSlot<O>[];
  #observations: (O | undefined)[];
  #closed = false;

  constructor(options: VectorEnvOptions) {
    const o = parseVectorOptions(options);
    this.numEnvs = o.numEnvs;
    this.envId = o.envId;
    this.metadata = Object.freeze({ autoresetMode: o.autoresetMode });
    this.#slots = Array.from(
      { length: o.numEnvs },
      (_, i) => new SubEnvSlot<O>(i, o.envId, o.makeOptions, o.autoresetMode),
    );
    this.#observations = new Array<O | undefined>(o.numEnvs).fill(undefined);
  }

  /** The sub-envs (for inspection: stepping them directly bypasses the autoreset bookkeeping). */
  get envs(): readonly SubEnvSlot<O>['env'][] {
    return this.#slots.map((s) => s.env);
  }

  /** Resets every sub-env, or those `mask` chooses; returns every sub-env's current observation. */
  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    this.#assertOpen('reset');
    const orders = planReset(this.numEnvs, args);
    const unreset = this.#observations.findIndex((o, i) => o === undefined && !orders.some((x) => x.index === i));
    if (unreset >= 0)
      throw new ResetNeededError(`sub-env ${unreset} has never been reset. Call reset() without a mask first.`);
    const infos: Info[] = new Array<Info>(this.numEnvs).fill({});
    const outcome = resetEach((i) => this.#slots[i] as SubEnvSlot<O>, orders);
    for (const r of outcome.done) {
      this.#observations[r.index] = r.observation;
      infos[r.index] = r.info;
    }
    const refused = outcome.refused[0];
    if (refused) throw refusalError(refused);
    return { observations: this.#current(), infos };
  }

  /** Steps every sub-env with its action; ended sub-envs follow the autoreset mode. */
  step(actions: readonly unknown[]): VectorStepResult<O> {
    this.#assertOpen('step');
    assertActions(this.numEnvs, actions);
    for (const slot of this.#slots) slot.guard.assertCanStep();
    const result = gatherSteps(this.#slots.map((slot, i) => slot.step(actions[i])));
    this.#observations = [...result.observations];
    return result;
  }

  /** Closes every sub-env. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) slot.close();
  }

  #current(): O[] {
    return [...(this.#observations as O[])];
  }

  #assertOpen(method: string): void {
    if (this.#closed)
      throw new ClosedEnvironmentError(`${method}() was called on a closed vector env. Make a new one.`);
  }
}
