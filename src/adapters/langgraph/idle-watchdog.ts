/**
 * The agent timeout of a LangGraph team: the graph is one `invoke`, so the budget's
 * `agentTimeoutMs` (how long an agent may take over one action) is held as a limit on how long
 * the graph may go without any sign of work — a model call or a tool call starting or ending.
 * A model that never answers then ends the episode as a timeout instead of hanging the run.
 * Wall-clock time decides only whether the episode is cut off, never what is recorded before.
 */
import type { CallbackHandlerMethods } from '@langchain/core/callbacks/base';

/** Aborts `signal` once `limitMs` pass with no activity reported by `callbacks`. */
export class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  /** Whether the watchdog fired (the graph went silent for the whole limit). */
  fired = false;

  /** @param limitMs - wall-clock ms the graph may stay silent */
  constructor(private readonly limitMs: number) {
    this.touch();
  }

  /** The signal to pass to the graph's `invoke`: aborted when the graph stays silent too long. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** LangChain callbacks that count model and tool calls (their start and end) as activity. */
  get callbacks(): CallbackHandlerMethods {
    const touch = (): void => this.touch();
    return {
      handleChatModelStart: touch,
      handleLLMStart: touch,
      handleLLMEnd: touch,
      handleLLMError: touch,
      handleToolStart: touch,
      handleToolEnd: touch,
      handleToolError: touch,
    };
  }

  /** `work`, rejected with a `TimeoutError` when the watchdog fires even if `work` ignores the signal. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.controller.signal.reason as Error);
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => this.controller.signal.removeEventListener('abort', onAbort));
    });
  }

  /** Stops the timer (the graph returned or failed). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private touch(): void {
    if (this.fired) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      const e = new Error(`the graph did nothing for ${this.limitMs} ms (the budget's agentTimeoutMs)`);
      e.name = 'TimeoutError';
      this.controller.abort(e);
    }, this.limitMs);
    // A pending limit must not keep a finished process alive.
    this.timer.unref();
  }
}
