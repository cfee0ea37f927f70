/**
 * An agent that blocks its worker thread in synchronous code, which no in-thread timeout can
 * interrupt: how long it may, and the error its episode is recorded with once the thread is
 * stopped. The run pool and the queue worker's episode threads both watch for it, and record it
 * the same way.
 */

/** Wall-clock ms an agent may hold its thread without a sign of life: twice its action timeout plus a second. */
export function blockedAfterMs(agentTimeoutMs: number | undefined): number {
  return 2 * (agentTimeoutMs ?? 60_000) + 1000;
}

/** The error of an episode whose thread was stopped at its step `stepsDone + 1`, with `alongside` others on it. */
export function blockedError(
  stepsDone: number,
  alongside: number,
  afterMs: number,
): { readonly role: string; readonly step: number; readonly message: string } {
  return {
    role: '(unknown)',
    step: stepsDone + 1,
    message:
      alongside === 0
        ? `the agent blocked its worker thread for over ${afterMs} ms at step ${stepsDone + 1} (a synchronous loop?); the worker was stopped, and the ${stepsDone} steps before were not recorded`
        : `an agent blocked the worker thread this episode shared with ${alongside} other(s) for over ${afterMs} ms while this one was at step ${stepsDone + 1} (a synchronous loop?); the worker was stopped, and the ${stepsDone} steps before were not recorded`,
  };
}
