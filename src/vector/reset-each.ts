/**
 * Resetting several sub-envs at once, the same way in the sync vector env and in each worker:
 * every chosen sub-env is reset if it can be; one that refuses (e.g. an option its task does not
 * allow) keeps its episode, and the refusals are reported with their sub-env, so a caller can
 * apply the resets that happened and then raise the first refusal.
 */
import type { Info } from '../core/env.js';
import { FaultlineError } from '../core/errors.js';
import type { SubEnvSlot } from './slot.js';
import type { SubReset } from './types.js';

/** What resetting a group of sub-envs did. */
export interface ResetOutcome<O> {
  readonly done: readonly { index: number; observation: O; info: Info }[];
  readonly refused: readonly { index: number; name: string; message: string }[];
}

/** Resets each ordered sub-env, collecting results and refusals. */
export function resetEach<O>(slotOf: (index: number) => SubEnvSlot<O>, orders: readonly SubReset[]): ResetOutcome<O> {
  const done: { index: number; observation: O; info: Info }[] = [];
  const refused: { index: number; name: string; message: string }[] = [];
  for (const order of orders) {
    try {
      done.push({ index: order.index, ...slotOf(order.index).reset(order.seed, order.options) });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      refused.push({ index: order.index, name: error.name, message: error.message });
    }
  }
  return { done, refused };
}

/** The error a refused sub-env reset raises: the sub-env's own message, prefixed with its index. */
export function refusalError(refused: { index: number; name: string; message: string }): Error {
  const error = new FaultlineError(
    `reset of sub-env ${refused.index} refused (the others were reset): ${refused.message}`,
  );
  if (refused.name !== 'Error') error.name = refused.name;
  return error;
}
