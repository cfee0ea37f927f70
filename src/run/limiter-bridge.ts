/**
 * One request limiter for every worker of a run. The limiter lives on the main thread; each
 * worker installs a proxy that asks it for permits by message. Both sides are abort-safe: a
 * permit granted to a request that was aborted meanwhile, and every permit of a worker that
 * died, is released, so a crashed or stopped episode never holds the run's budget.
 */
import { FaultlineError } from '../core/errors.js';
import type { RequestLimiter, RequestPermit } from '../llm/types.js';

/** Worker → pool messages of the limiter. */
export type LimiterRequest =
  | {
      readonly type: 'limiter-acquire';
      readonly id: number;
      readonly provider: string;
      readonly estimatedTokens: number;
    }
  | { readonly type: 'limiter-cancel'; readonly id: number }
  | { readonly type: 'limiter-release'; readonly id: number; readonly tokensUsed: number };

/** Pool → worker messages of the limiter. */
export type LimiterAnswer =
  | { readonly type: 'limiter-granted'; readonly id: number }
  | { readonly type: 'limiter-refused'; readonly id: number; readonly message: string };

/** The main thread's side: answers one worker's requests from the run's limiter. */
export class LimiterHost {
  /** Per request id: its abort switch, and its permit once granted. */
  private readonly open = new Map<number, { controller: AbortController; permit: RequestPermit | null }>();
  private closed = false;

  constructor(
    private readonly limiter: RequestLimiter,
    private readonly reply: (answer: LimiterAnswer) => void,
  ) {}

  /** Handles one message from the worker. */
  handle(message: LimiterRequest): void {
    if (this.closed) return;
    if (message.type === 'limiter-acquire') return this.acquire(message.id, message.provider, message.estimatedTokens);
    const entry = this.open.get(message.id);
    if (!entry) return;
    this.open.delete(message.id);
    if (message.type === 'limiter-release') entry.permit?.release(message.tokensUsed);
    else if (entry.permit) entry.permit.release(0);
    else entry.controller.abort(new Error('the request was aborted in its worker'));
  }

  /** The worker is gone: releases its permits and withdraws its waiting requests. */
  close(): void {
    this.closed = true;
    for (const entry of this.open.values()) {
      if (entry.permit) entry.permit.release(0);
      else entry.controller.abort(new Error('the worker stopped'));
    }
    this.open.clear();
  }

  /** Permits held or awaited for this worker (for tests and diagnostics). */
  get outstanding(): number {
    return this.open.size;
  }

  private acquire(id: number, provider: string, estimatedTokens: number): void {
    const entry = { controller: new AbortController(), permit: null as RequestPermit | null };
    this.open.set(id, entry);
    this.limiter.acquire(provider, estimatedTokens, entry.controller.signal).then(
      (permit) => {
        // Cancelled, or the worker died, while waiting: the permit goes straight back.
        if (this.open.get(id) !== entry) return permit.release(0);
        entry.permit = permit;
        this.reply({ type: 'limiter-granted', id });
      },
      (error: unknown) => {
        if (this.open.get(id) !== entry) return;
        this.open.delete(id);
        this.reply({ type: 'limiter-refused', id, message: error instanceof Error ? error.message : String(error) });
      },
    );
  }
}

/** The worker's side: a {@link RequestLimiter} that asks the main thread's limiter by message. */
export class LimiterProxy implements RequestLimiter {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (p: RequestPermit) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (request: LimiterRequest) => void) {}

  /** Asks the run's limiter for a permit; rejects with the signal's reason when aborted first. */
  acquire(provider: string, estimatedTokens: number, signal: AbortSignal): Promise<RequestPermit> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const id = ++this.nextId;
    return new Promise<RequestPermit>((resolve, reject) => {
      const onAbort = () => {
        if (!this.waiting.delete(id)) return;
        this.post({ type: 'limiter-cancel', id });
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        resolve: (permit) => {
          signal.removeEventListener('abort', onAbort);
          resolve(permit);
        },
        reject: (error: Error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.post({ type: 'limiter-acquire', id, provider, estimatedTokens });
    });
  }

  /** Handles an answer from the main thread. */
  handle(answer: LimiterAnswer): void {
    const waiter = this.waiting.get(answer.id);
    // Not waiting any more: it was cancelled, and the cancel tells the host to release it.
    if (!waiter) return;
    this.waiting.delete(answer.id);
    if (answer.type === 'limiter-refused')
      return waiter.reject(new FaultlineError(`The request limiter refused a permit: ${answer.message}`));
    let released = false;
    waiter.resolve({
      release: (tokensUsed: number) => {
        if (released) return;
        released = true;
        this.post({ type: 'limiter-release', id: answer.id, tokensUsed });
      },
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}
