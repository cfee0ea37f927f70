/**
 * The request limiter: requests in flight, requests per sliding minute and tokens per minute
 * (charged with the estimate, corrected at release), per provider, first come first served, and
 * aborts. The minute-long limits run on fake timers with the limiter's clock on the fake `Date`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { createRequestLimiter } from '../../src/llm/limiter.js';
import type { RequestPermit } from '../../src/llm/types.js';

const clock = { now: () => Date.now() };
const never = () => new AbortController().signal;

/** Starts an acquire and tracks whether it was granted. */
function track(p: Promise<RequestPermit>) {
  const t: { permit: RequestPermit | null; error: unknown } = { permit: null, error: null };
  p.then(
    (permit) => (t.permit = permit),
    (e: unknown) => (t.error = e),
  );
  return t;
}

describe('createRequestLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps at most maxInFlight requests out, per provider, and lets the next go at a release', async () => {
    const limiter = createRequestLimiter({ maxInFlight: 2 }, clock);
    const a = track(limiter.acquire('p', 1, never()));
    const b = track(limiter.acquire('p', 1, never()));
    const c = track(limiter.acquire('p', 1, never()));
    const other = track(limiter.acquire('q', 1, never()));
    await vi.advanceTimersByTimeAsync(0);
    expect([a.permit, b.permit, c.permit, other.permit].map((p) => p !== null)).toEqual([true, true, false, true]);
    a.permit?.release(1);
    a.permit?.release(1); // a second release is ignored
    await vi.advanceTimersByTimeAsync(0);
    expect(c.permit).not.toBeNull();
    const d = track(limiter.acquire('p', 1, never()));
    await vi.advanceTimersByTimeAsync(0);
    expect(d.permit).toBeNull();
  });

  it('allows rpm requests in any sliding minute', async () => {
    const limiter = createRequestLimiter({ rpm: 2 }, clock);
    const a = track(limiter.acquire('p', 0, never()));
    await vi.advanceTimersByTimeAsync(20_000);
    const b = track(limiter.acquire('p', 0, never()));
    const c = track(limiter.acquire('p', 0, never()));
    await vi.advanceTimersByTimeAsync(0);
    expect([a.permit, b.permit, c.permit].map((p) => p !== null)).toEqual([true, true, false]);
    a.permit?.release(0);
    await vi.advanceTimersByTimeAsync(39_000); // 59 s after a
    expect(c.permit).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000); // a minute after a
    expect(c.permit).not.toBeNull();
  });

  it('charges the estimate against tpm and gives back what a request did not use', async () => {
    const limiter = createRequestLimiter({ tpm: 1000 }, clock);
    const a = track(limiter.acquire('p', 800, never()));
    await vi.advanceTimersByTimeAsync(0);
    const b = track(limiter.acquire('p', 400, never()));
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.permit).not.toBeNull();
    expect(b.permit).toBeNull(); // 200 + 16 tokens refilled < 400
    a.permit?.release(100); // used 100 of the 800 charged
    await vi.advanceTimersByTimeAsync(0);
    expect(b.permit).not.toBeNull();
  });

  it('lets a request that used more than estimated push the next one later', async () => {
    const limiter = createRequestLimiter({ tpm: 600 }, clock);
    const a = track(limiter.acquire('p', 100, never()));
    await vi.advanceTimersByTimeAsync(0);
    a.permit?.release(600); // 500 more than charged: the bucket is empty
    const b = track(limiter.acquire('p', 300, never()));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(b.permit).toBeNull();
    await vi.advanceTimersByTimeAsync(1_100); // 300 tokens at 10 a second
    expect(b.permit).not.toBeNull();
  });

  it('serves waiters first come first served: a small request does not overtake a big one', async () => {
    const limiter = createRequestLimiter({ tpm: 1000 }, clock);
    const order: string[] = [];
    const first = track(limiter.acquire('p', 1000, never()));
    await vi.advanceTimersByTimeAsync(0);
    void limiter.acquire('p', 900, never()).then(() => order.push('big'));
    void limiter.acquire('p', 10, never()).then(() => order.push('small'));
    first.permit?.release(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(order).toEqual(['big', 'small']);
  });

  it('ends a wait when its signal aborts, and serves the next waiter', async () => {
    const limiter = createRequestLimiter({ maxInFlight: 1 }, clock);
    const a = track(limiter.acquire('p', 0, never()));
    const controller = new AbortController();
    const b = track(limiter.acquire('p', 0, controller.signal));
    const c = track(limiter.acquire('p', 0, never()));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('deadline'));
    await vi.advanceTimersByTimeAsync(0);
    expect((b.error as Error).message).toBe('deadline');
    a.permit?.release(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(c.permit).not.toBeNull();
    await expect(limiter.acquire('p', 0, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('caps an estimate above the whole tpm budget at the budget, so it waits for a full bucket', async () => {
    const limiter = createRequestLimiter({ tpm: 100 }, clock);
    const a = track(limiter.acquire('p', 5000, never()));
    await vi.advanceTimersByTimeAsync(0);
    expect(a.permit).not.toBeNull();
  });

  it('rejects limits that are not positive, naming the field', () => {
    expect(() => createRequestLimiter({ rpm: 0 })).toThrow(InvalidArgumentError);
    expect(() => createRequestLimiter({ maxInFlight: Number.NaN })).toThrow(/maxInFlight/);
  });
});

describe('createRequestLimiter on the real clock', () => {
  it('keeps the number in flight under maxInFlight for concurrent requests', async () => {
    const limiter = createRequestLimiter({ maxInFlight: 3 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const permit = await limiter.acquire('p', 1, never());
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        permit.release(1);
      }),
    );
    expect(peak).toBe(3);
  });
});
