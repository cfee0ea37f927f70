/**
 * Wall-clock budgets for agents. This is the one place real time is used: an agent is an
 * outside process (an LLM call) that can hang. The world itself only knows virtual time.
 */

/** Thrown when an agent exceeds its time budget. */
export class AgentTimeoutError extends Error {
  override name = 'AgentTimeoutError';
}

/**
 * Resolves with `work(signal)`, or rejects with {@link AgentTimeoutError} after `ms` milliseconds.
 * The signal passed to `work` aborts at the deadline, so well-behaved agents can stop early.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(ms);
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AgentTimeoutError(`the agent did not answer within ${ms} ms`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(signal)), timedOut]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
