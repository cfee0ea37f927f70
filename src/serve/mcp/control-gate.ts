/**
 * Waiting for control: a call from a role that does not hold control waits, the way a colleague
 * waits for a ticket, until a handoff gives it control, the episode ends, the caller gives up
 * (its signal aborts, e.g. the client disconnected) or a wall-clock timeout passes.
 */

/** Why a wait for control ended without control. */
export type ControlWaitFailure = 'ended' | 'timeout' | 'aborted';

/** The result of waiting for control. */
export type ControlWait = { readonly ok: true } | { readonly ok: false; readonly reason: ControlWaitFailure };

interface Waiter {
  readonly role: string;
  readonly settle: (wait: ControlWait) => void;
}

/** The roles waiting for control in one episode. */
export class ControlGate {
  private readonly waiters = new Set<Waiter>();

  /**
   * @param holder - the role that holds control now, or null once the episode has ended.
   */
  constructor(private readonly holder: () => string | null) {}

  /** How many calls are waiting. */
  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * Resolves once `role` holds control (at once if it does), or with the reason it never will.
   * Never rejects.
   */
  wait(role: string, timeoutMs: number, signal?: AbortSignal): Promise<ControlWait> {
    const now = this.check(role);
    if (now) return Promise.resolve(now);
    if (signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
    return new Promise<ControlWait>((resolve) => {
      const onAbort = () => waiter.settle({ ok: false, reason: 'aborted' });
      const timer = setTimeout(() => waiter.settle({ ok: false, reason: 'timeout' }), timeoutMs);
      const waiter: Waiter = {
        role,
        settle: (wait) => {
          if (!this.waiters.delete(waiter)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(wait);
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Wakes the waiters that now hold control, or all of them once the episode has ended. */
  wake(): void {
    for (const waiter of [...this.waiters]) {
      const now = this.check(waiter.role);
      if (now) waiter.settle(now);
    }
  }

  private check(role: string): ControlWait | null {
    const holder = this.holder();
    if (holder === null) return { ok: false, reason: 'ended' };
    return holder === role ? { ok: true } : null;
  }
}
