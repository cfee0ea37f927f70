import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { LimiterSettings, RequestLimiter, RequestPermit } from '../../src/llm/types.js';
import { limiterKey } from '../../src/queue/keys.js';
import { createRedisLimiter, type RedisLimiter, type RedisLimiterOptions } from '../../src/queue/redis-limiter.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const CLIENT = fileURLToPath(new URL('../fixtures/queue/limiter-client.ts', import.meta.url));

let server: TestRedis;
const connections: Redis[] = [];
const limiters: RedisLimiter[] = [];

function connection(): Redis {
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  connections.push(redis);
  return redis;
}

/** A limiter on a connection of its own (closed after all tests). */
function limiter(settings: LimiterSettings, options?: RedisLimiterOptions): RedisLimiter {
  const created = createRedisLimiter(connection(), settings, options);
  limiters.push(created);
  return created;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(limiters.map((l) => l.close()));
  await Promise.all(connections.map((redis) => redis.quit()));
  await server?.stop();
});

/** Starts a limiter-client process; resolves once it is connected, with how to start and collect it. */
async function client(args: object): Promise<{ go(): void; grants: Promise<number[]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`limiter client exited (${code}) before ready:\n${stderr}`)));
  });
  const grants = new Promise<number[]>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`limiter client exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.slice('ready\n'.length)) as number[]);
    });
  });
  await ready;
  return { go: () => child.stdin.end('go\n'), grants };
}

/** Runs `loops` loops of acquire, hold `holdMs`, release until `durationMs` pass. */
async function hammer(
  limiter: RequestLimiter,
  provider: string,
  options: { loops: number; durationMs: number; holdMs: number; estimate: number; used: number },
  onGrant: (permit: RequestPermit) => () => void = () => () => undefined,
): Promise<number> {
  const signal = AbortSignal.timeout(options.durationMs);
  let grants = 0;
  const loop = async () => {
    while (!signal.aborted) {
      let permit: RequestPermit;
      try {
        permit = await limiter.acquire(provider, options.estimate, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      grants += 1;
      const done = onGrant(permit);
      await wait(options.holdMs);
      done();
      permit.release(options.used);
    }
  };
  await Promise.all(Array.from({ length: options.loops }, loop));
  return grants;
}

describe('createRedisLimiter', () => {
  it('holds an rpm shared by two processes within 10%, and starves neither', async () => {
    const args = { url: server.url, provider: 'two-processes', rpm: 600, acquirers: 4, durationMs: 5000 };
    const clients = await Promise.all([client(args), client(args)]);
    for (const c of clients) c.go();
    const [first, second] = await Promise.all(clients.map((c) => c.grants));
    const all = [...(first ?? []), ...(second ?? [])].sort((a, b) => a - b);
    const start = all[0] ?? 0;
    const end = all[all.length - 1] ?? 0;
    // The steady rate, past the first half second (a fresh schedule lets two go at once).
    const steady = all.filter((t) => t > start + 500).length / ((end - start - 500) / 1000);
    expect(steady).toBeGreaterThan(9);
    expect(steady).toBeLessThan(11);
    // Over any one second, never more than the rate plus the tolerance of one interval.
    for (const t of all) expect(all.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(12);
    expect(first?.length).toBeGreaterThan(all.length * 0.15);
    expect(second?.length).toBeGreaterThan(all.length * 0.15);
  });

  it('holds a token rate within 10%, charging estimates and correcting them with what was used', async () => {
    const tpm = 120_000; // 2000 tokens a second
    const tokens = limiter({ tpm });
    const signal = new AbortController().signal;
    // Larger than the bucket: charged the whole (full) bucket, so it goes at once; then empties it.
    const started = performance.now();
    const drain = await tokens.acquire('tokens', 1e9, signal);
    expect(performance.now() - started).toBeLessThan(500);
    drain.release(tpm);
    let used = 0;
    const begin = performance.now();
    await hammer(tokens, 'tokens', { loops: 3, durationMs: 3000, holdMs: 10, estimate: 40, used: 100 }, () => {
      return () => (used += 100);
    });
    const rate = used / ((performance.now() - begin) / 1000);
    // Charging only the estimates (40 of 100) would let 5000 a second through.
    expect(rate).toBeGreaterThan(1800);
    expect(rate).toBeLessThan(2200);
  });

  it('never lets more than maxInFlight go across two limiters, shares them, and frees the slots of a dead holder', async () => {
    const settings = { maxInFlight: 3 };
    const pair = [limiter(settings), limiter(settings)];
    let inFlight = 0;
    let most = 0;
    const onGrant = () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return () => (inFlight -= 1);
    };
    const options = { loops: 3, durationMs: 1500, holdMs: 20, estimate: 0, used: 0 };
    const [one = 0, other = 0] = await Promise.all(pair.map((l) => hammer(l, 'in-flight', options, onGrant)));
    expect(most).toBe(3);
    // Held 20 ms, three at a time, for 1.5 s: at most 225. Releases are announced to both
    // limiters' waiters, so neither starves. How many goes through is only checked for liveness:
    // on a loaded machine (a CI run) it was 50, and a speed belongs in benchmarks/, not here.
    // Neither starving is not an even split: on a loaded CI run one side got 28 of 202 (14%).
    // A side woken only by its own polls (every 250 ms) while the other takes every release at
    // once gets a handful: with the second limiter deaf to announcements, 1 of 208.
    expect(one + other).toBeGreaterThan(20);
    expect(Math.min(one, other)).toBeGreaterThan((one + other) * 0.05);

    // A holder that dies: three permits never released, whose leases last 400 ms. The wait is
    // timed from before the first of them was asked for: its lease, granted after that, is the
    // first to expire, and the new permit cannot come sooner. (Timed from after the third, the
    // wait shrank by however long the three grants took, 216 ms once on a loaded CI machine.)
    const dead = limiter(settings, { leaseMs: 400 });
    const signal = new AbortController().signal;
    const started = performance.now();
    for (let i = 0; i < 3; i++) await dead.acquire('lease', 0, signal);
    const permit = await pair[0]?.acquire('lease', 0, signal);
    const waited = performance.now() - started;
    // 400 ms, less a little for the two clocks (Redis TIME stamps the leases).
    expect(waited).toBeGreaterThan(380);
    expect(waited).toBeLessThan(2000);
    // The dead holder's leases expire one by one (they were taken one after another): the new
    // permit came once one had, so at most maxInFlight leases are live, this one among them.
    const leases = await connection().zrange(limiterKey('lease', 'leases'), 0, -1);
    expect(leases.length).toBeGreaterThanOrEqual(1);
    expect(leases.length).toBeLessThanOrEqual(3);
    permit?.release(0);
  });

  it('rejects a waiter whose signal aborts, promptly and with its reason, leaving no lease', async () => {
    const redis = connection();
    const holder = limiter({ maxInFlight: 1 });
    // A long poll: a waiter that noticed the abort only when it next asked Redis would take
    // seconds, far beyond the bound below, which leaves a loaded machine plenty of room.
    const waiting = limiter({ maxInFlight: 1 }, { pollMs: 10_000 });
    const held = await holder.acquire('abort', 0, new AbortController().signal);
    const head = new AbortController();
    const behind = new AbortController();
    const reason = new Error('the episode ended');
    const first = waiting.acquire('abort', 0, head.signal);
    const second = waiting.acquire('abort', 0, behind.signal);
    await wait(300);
    const started = performance.now();
    head.abort(reason);
    await expect(first).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2_000);
    behind.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await expect(waiting.acquire('abort', 0, AbortSignal.abort(reason))).rejects.toBe(reason);
    const leases = limiterKey('abort', 'leases');
    expect(await redis.zrange(leases, 0, -1)).toHaveLength(1);
    held.release(0);
    // A release is not awaited: its lease goes once Redis has run it.
    await expect.poll(() => redis.zcard(leases), { timeout: 2_000 }).toBe(0);
  });

  it('refuses bad settings naming the field', () => {
    const redis = connection();
    const cases = [
      [{ rpm: 0 }, {}, 'rpm'],
      [{ tpm: -5 }, {}, 'tpm'],
      [{ maxInFlight: Number.NaN }, {}, 'maxInFlight'],
      [{}, { leaseMs: 0 }, 'leaseMs'],
      [{}, { pollMs: Infinity }, 'pollMs'],
    ] as const;
    for (const [settings, options, field] of cases) {
      expect(() => createRedisLimiter(redis, settings, options)).toThrow(InvalidArgumentError);
      expect(() => createRedisLimiter(redis, settings, options)).toThrow(new RegExp(`^${field}: got`));
    }
  });
});
