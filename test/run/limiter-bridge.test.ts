/**
 * One request limiter for a whole run: worker threads take permits from the main thread's
 * limiter through a proxy, so its limit holds across workers; permits of aborted requests and of
 * dead workers always come back.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { LimiterHost, LimiterProxy, type LimiterAnswer, type LimiterRequest } from '../../src/run/limiter-bridge.js';
import { requestLimiter } from '../../src/llm/limiter-registry.js';
import type { RequestLimiter, RequestPermit } from '../../src/llm/types.js';

const MODULE = join(import.meta.dirname, '../fixtures/model-teams.ts');
beforeAll(() => loadBuiltins());

/** A limiter allowing `max` permits at once, counting what it saw. */
class CountingLimiter implements RequestLimiter {
  inFlight = 0;
  maxInFlight = 0;
  acquired = 0;
  released = 0;
  tokens = 0;
  readonly estimates = new Set<number>();
  private readonly queue: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async acquire(provider: string, estimatedTokens: number, signal: AbortSignal): Promise<RequestPermit> {
    expect(provider).toBe('fixture-provider');
    this.estimates.add(estimatedTokens);
    while (this.inFlight >= this.max) {
      await new Promise<void>((resolve, reject) => {
        this.queue.push(resolve);
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    }
    this.inFlight++;
    this.acquired++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    return {
      release: (tokensUsed) => {
        if (done) throw new Error('a permit was released twice');
        done = true;
        this.inFlight--;
        this.released++;
        this.tokens += tokensUsed;
        this.queue.shift()?.();
      },
    };
  }
}

/** A proxy and a host wired to each other through asynchronous "messages". */
function wired(limiter: RequestLimiter): { proxy: LimiterProxy; host: LimiterHost } {
  let proxy: LimiterProxy | null = null;
  const host = new LimiterHost(limiter, (answer: LimiterAnswer) => setImmediate(() => proxy?.handle(answer)));
  proxy = new LimiterProxy((request: LimiterRequest) => setImmediate(() => host.handle(request)));
  return { proxy, host };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('limiter bridge', () => {
  it('holds one limit across two workers running three episodes each', async () => {
    const limiter = new CountingLimiter(3);
    const { records } = await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-limited'],
      seeds: [0, 1, 2, 3, 4, 5],
      workers: 2,
      concurrency: 3,
      limiter,
      setup: [BUILTINS_SETUP],
      imports: [MODULE],
    });
    expect(records.every((r) => r.success)).toBe(true);
    const steps = records.reduce((s, r) => s + r.steps, 0);
    expect(limiter.acquired).toBe(steps);
    expect(limiter.released).toBe(steps);
    expect(limiter.tokens).toBe(107 * steps);
    expect(limiter.maxInFlight).toBe(3);
    // The fixture asks with its thread id as the estimate: both workers took permits.
    expect(limiter.estimates.size).toBe(2);
    expect(limiter.inFlight).toBe(0);
  }, 30_000);

  it('is installed on the main thread for the run only', async () => {
    const before = requestLimiter();
    const limiter = new CountingLimiter(2);
    await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-limited'],
      seeds: [0, 1, 2],
      concurrency: 3,
      limiter,
      setup: [BUILTINS_SETUP],
      imports: [MODULE],
    });
    expect(limiter.maxInFlight).toBe(2);
    expect(limiter.released).toBe(limiter.acquired);
    expect(requestLimiter()).toBe(before);
  });

  it('gives back a permit granted to a request aborted meanwhile, and withdraws a waiting one', async () => {
    const limiter = new CountingLimiter(1);
    const { proxy, host } = wired(limiter);
    const first = await proxy.acquire('fixture-provider', 1, new AbortController().signal);
    const waiting = new AbortController();
    const second = proxy.acquire('fixture-provider', 1, waiting.signal);
    await tick();
    waiting.abort(new Error('episode over'));
    await expect(second).rejects.toThrow('episode over');
    first.release(5);
    first.release(5); // a second release is ignored, not double-counted
    for (let i = 0; i < 5; i++) await tick();
    expect(limiter.inFlight).toBe(0);
    expect(limiter.acquired).toBe(1);
    expect(host.outstanding).toBe(0);

    // Aborted after the host granted it but before the worker heard: the host releases it.
    const racing = new AbortController();
    const third = proxy.acquire('fixture-provider', 1, racing.signal);
    await tick(); // the host receives the request and the limiter grants it; the answer is on its way
    racing.abort();
    await expect(third).rejects.toThrow();
    for (let i = 0; i < 5; i++) await tick();
    expect(limiter.acquired).toBe(2);
    expect(limiter.released).toBe(2);
    expect(host.outstanding).toBe(0);
  });

  it("releases a dead worker's permits and withdraws its waiting requests", async () => {
    const limiter = new CountingLimiter(1);
    const { proxy, host } = wired(limiter);
    await proxy.acquire('fixture-provider', 1, new AbortController().signal);
    void proxy.acquire('fixture-provider', 1, new AbortController().signal).catch(() => undefined);
    await tick();
    expect(limiter.inFlight).toBe(1);
    host.close();
    for (let i = 0; i < 5; i++) await tick();
    // The waiting request may have been granted as the held permit came back: it went straight back too.
    expect(limiter.inFlight).toBe(0);
    expect(limiter.released).toBe(limiter.acquired);
    expect(host.outstanding).toBe(0);
    // Another worker can now have it.
    const other = wired(limiter);
    const permit = await other.proxy.acquire('fixture-provider', 1, new AbortController().signal);
    permit.release(0);
    for (let i = 0; i < 3; i++) await tick();
    expect(limiter.inFlight).toBe(0);
    expect(limiter.released).toBe(limiter.acquired);
  });
});
