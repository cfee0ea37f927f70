/**
 * Wall-clock budgets for agents. This is the one place real time is used: an agent is an
 * outside process (an LLM call) that can hang. The world itself only knows virtual time.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** Thrown when an agent exceeds its time budget. */
export class AgentTimeoutError extends Error {
  override name = 'AgentTimeoutError';
}

/** The longest deadline a timer can wait for (Node fires longer ones after 1 ms). */
export const MAX_DEADLINE_MS = 2_147_483_647;

/**
 * Checks a per-action deadline: a whole number of milliseconds from 1 to {@link MAX_DEADLINE_MS}.
 *
 * @throws InvalidArgumentError naming `field` otherwise.
 */
export function assertDeadlineMs(ms: unknown, field: string): asserts ms is number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_DEADLINE_MS)
    throw new InvalidArgumentError(
      field,
      ms,
      `a whole number of milliseconds from 1 to ${MAX_DEADLINE_MS}`,
      'pass e.g. 60000 (one minute per action)',
    );
}

/**
 * Resolves with `work(signal)`, or rejects with {@link AgentTimeoutError} after `ms` milliseconds.
 * The signal passed to `work` aborts at the deadline (with a `TimeoutError` reason, as
 * `AbortSignal.timeout` would), so well-behaved agents can stop early.
 *
 * The deadline's timer keeps the process alive: when an agent's promise never settles and
 * nothing else is pending (a run on the main thread), the deadline must still fire — with an
 * unreferenced timer Node would instead exit with code 13 and the episode would never be
 * recorded. The timer is cleared as soon as the work settles, so no timer outlives its action.
 * `work` is called at once; the deadline runs from when it hands back a promise (an agent that
 * answers synchronously gets no timer at all: nothing could have interrupted it anyway).
 *
 * This is the harness's one real timer, and rightly so: it bounds how long an agent (a model, a
 * remote program) may take in wall-clock time. It never touches world state or virtual time, and
 * the only trace it leaves is the episode's `timeout` outcome.
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  return withLazyDeadline(ms, (signalOf) => work(signalOf()));
}

/**
 * {@link withDeadline}, with the signal made only when `work` asks for it (`signalOf()`, the same
 * signal every call): an AbortSignal is an event target, costly to make on every action of a
 * scripted agent that never reads it. A signal first asked for after the deadline is already
 * aborted, with the same reason.
 */
export async function withLazyDeadline<T>(
  ms: number,
  work: (signalOf: () => AbortSignal) => T | Promise<T>,
): Promise<T> {
  assertDeadlineMs(ms, 'withDeadline(ms)');
  let controller: AbortController | undefined;
  let reason: DOMException | undefined;
  const signalOf = (): AbortSignal => {
    if (!controller) {
      controller = new AbortController();
      if (reason) controller.abort(reason);
    }
    return controller.signal;
  };
  const answer = work(signalOf);
  // An answer given synchronously is in before any timer could fire (the thread was busy giving
  // it), so a scripted agent costs no timer, no race and no extra promise per action.
  if (!isThenable(answer)) return answer;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `the agent did not answer within ${ms} ms`;
      // Rejected before the abort: an agent that answers from its abort listener is still late.
      reject(new AgentTimeoutError(message));
      reason = new DOMException(message, 'TimeoutError');
      controller?.abort(reason);
    }, ms);
  });
  try {
    return await Promise.race([answer, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
