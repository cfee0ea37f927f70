/**
 * `faultline queue status` against a real redis-server and real BullMQ jobs: jobs moved to
 * active, failed and completed by a real worker, two worker presences and published runs; the
 * numbers read, printed and printed as JSON are exact. A stopped worker disappears at once, a
 * killed one when its presence expires; an unreachable queue is a clear error within --timeout.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/queue/connection.js';
import {
  EPISODE_QUEUE,
  KEY_PREFIX,
  RUNS_SET,
  WORKERS_SET,
  episodeJobId,
  runKey,
  workerKey,
} from '../../src/queue/keys.js';
import { IDLE_PUBLISH_MS, WorkerPresence, type WorkerInfo } from '../../src/queue/presence.js';
import { FINISHED_RUN_TTL_MS, publishRun, updateRun } from '../../src/queue/run-registry.js';
import { readQueueStatus, type QueueStatus } from '../../src/queue/status.js';
import { cliInProcess } from '../support/cli.js';
import { freePort, startRedis, type TestRedis } from '../support/redis.js';

type Mode = 'ok' | 'throw' | 'block';

/** Resolves once `check` holds, polling every 20 ms; rejects with `what` after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function info(id: string, concurrency: number): WorkerInfo {
  return {
    id,
    host: `host-${id}`,
    pid: 1000 + concurrency,
    concurrency,
    version: '9.9.9',
    imports: [],
    startedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('faultline queue status', () => {
  let server: TestRedis;
  let redis: Redis;
  let queue: Queue;
  let worker: Worker;
  let workerRedis: Redis;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const presences: WorkerPresence[] = [];
  const run = 'abc123';
  const orphan = 'def456';
  const finished = 'fed987';

  beforeAll(async () => {
    server = await startRedis();
    redis = connect(server.url, 'test-status');
    queue = new Queue(EPISODE_QUEUE, { connection: redis, prefix: KEY_PREFIX });
    workerRedis = connect(server.url, 'test-worker');
    // Two slots: one job completes, one fails, then two block and keep both slots busy, so the
    // jobs added after them stay waiting.
    worker = new Worker(
      EPISODE_QUEUE,
      async (job) => {
        const mode = (job.data as { mode: Mode }).mode;
        if (mode === 'throw') throw new Error('episode crashed');
        if (mode === 'block') await released;
        return { ok: true };
      },
      { connection: workerRedis, prefix: KEY_PREFIX, concurrency: 2 },
    );
    worker.on('error', () => undefined);
    const add = (run: string, episode: string, mode: Mode, delay = 0) =>
      queue.add('episode', { mode }, { jobId: episodeJobId(run, episode), attempts: 1, ...(delay ? { delay } : {}) });
    await add(run, 'e0', 'ok');
    await add(run, 'e1', 'throw');
    await add(run, 'e2', 'block');
    await add(run, 'e3', 'block');
    await until('one completed, one failed, two active', async () => {
      const c = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
      return c.completed === 1 && c.failed === 1 && c.active === 2 && c.wait === 0;
    });
    await add(run, 'e4', 'ok');
    await add(run, 'e5', 'ok');
    await add(run, 'e6', 'ok', 60_000);
    await add(orphan, 'e0', 'ok');

    await publishRun(redis, {
      runId: run,
      out: '/tmp/runs/abc',
      planned: 7,
      coordinator: 'coordhost:42',
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    await updateRun(redis, run, { recorded: 1, failed: 0, status: 'running' });
    await publishRun(redis, { runId: finished, out: null, planned: 2, coordinator: 'other:7', startedAt: 'x' });
    await updateRun(redis, finished, { recorded: 2, failed: 1, status: 'complete' });

    // Worker A's counts are in memory before start(), which writes them at once.
    const a = new WorkerPresence(redis, info('worker-a', 4), { intervalMs: 100, ttlMs: 2000 });
    a.jobStarted('abc123.e2');
    a.jobStarted('abc123.e3');
    a.jobStarted('abc123.e0');
    a.jobFinished('abc123.e0', true);
    a.jobFinished('x.1', true);
    a.jobFinished('x.2', true);
    a.jobFinished('x.3', false);
    const b = new WorkerPresence(redis, info('worker-b', 1), { intervalMs: 100, ttlMs: 2000 });
    presences.push(a, b);
    await a.start();
    await b.start();
  });

  afterAll(async () => {
    release();
    for (const p of presences) await p.stop().catch(() => undefined);
    await worker?.close();
    await queue?.close();
    redis?.disconnect();
    workerRedis?.disconnect();
    await server?.stop();
  });

  it('reads exact queue-wide, per-run and per-worker numbers', async () => {
    const status = await readQueueStatus(redis);
    expect(status.jobs).toEqual({ waiting: 3, active: 2, delayed: 1, completed: 1, failed: 1 });
    expect(status.runs.map((r) => r.runId)).toEqual([run, orphan, finished]);
    const [abc, def, fed] = status.runs;
    expect(abc).toMatchObject({
      published: true,
      out: '/tmp/runs/abc',
      planned: 7,
      coordinator: 'coordhost:42',
      recorded: 1,
      failed: 0,
      status: 'running',
      jobs: { waiting: 2, active: 2, delayed: 1, completed: 1, failed: 1 },
    });
    expect(abc?.seenAgoMs).toBeGreaterThanOrEqual(0);
    expect(abc?.seenAgoMs).toBeLessThan(5000);
    expect(def).toMatchObject({
      published: false,
      planned: null,
      status: 'unknown',
      seenAgoMs: null,
      jobs: { waiting: 1, active: 0, delayed: 0, completed: 0, failed: 0 },
    });
    expect(fed).toMatchObject({ published: true, out: null, planned: 2, recorded: 2, failed: 1, status: 'complete' });
    expect(fed?.jobs).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    // A finished run expires in a day; a running one does not expire.
    const ttl = await redis.pttl(runKey(finished));
    expect(ttl).toBeGreaterThan(FINISHED_RUN_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(FINISHED_RUN_TTL_MS);
    expect(await redis.pttl(runKey(run))).toBe(-1);

    expect(status.workers.map((w) => w.id)).toEqual(['worker-a', 'worker-b']);
    const [a, b] = status.workers;
    expect(a).toMatchObject({ info: info('worker-a', 4), done: 3, failed: 1, recentPerMinute: 4 });
    expect([...(a?.running ?? [])].sort()).toEqual(['abc123.e2', 'abc123.e3']);
    expect(a?.uptimeMs).toBeGreaterThanOrEqual(0);
    const uptime = a?.uptimeMs ?? 0;
    expect(a?.averagePerMinute).toBeCloseTo(uptime > 0 ? (4 * 60_000) / uptime : 0, 6);
    expect(b).toMatchObject({ done: 0, failed: 0, running: [], recentPerMinute: 0, averagePerMinute: 0 });
    expect(b?.info?.concurrency).toBe(1);
  });

  it('refreshes a presence on its timer after jobs finish', async () => {
    const b = presences[1] as WorkerPresence;
    b.jobStarted('abc123.e9');
    b.jobFinished('abc123.e9', false);
    b.jobStarted('abc123.e8');
    await until(
      'worker-b to publish its counts',
      async () => (await redis.hget(workerKey('worker-b'), 'failed')) === '1',
    );
    const now = (await readQueueStatus(redis)).workers.find((w) => w.id === 'worker-b');
    expect(now).toMatchObject({ done: 0, failed: 1, running: ['abc123.e8'], recentPerMinute: 1 });
    expect(now?.uptimeMs).toBeGreaterThan(0);
  });

  it('prints the numbers, and --json parses to the same status', async () => {
    const text = await cliInProcess(['queue', 'status', server.url]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const out = text.stdout;
    expect(out).toContain(`Queue ${server.url}`);
    expect(out).toContain('Jobs: 3 waiting, 2 active, 1 delayed, 1 completed (to harvest), 1 failed');
    expect(out).toContain('Runs (3):');
    const row = (id: string) => (out.split('\n').find((l) => l.trim().startsWith(id)) ?? '').trim().split(/\s{2,}/);
    // run, status, recorded, failed, waiting, active, delayed, to harvest, failed jobs, seen, coordinator, out
    expect(row(run).slice(0, 9)).toEqual([run, 'running', '1/7', '0', '2', '2', '1', '1', '1']);
    expect(row(run).slice(-2)).toEqual(['coordhost:42', '/tmp/runs/abc']);
    expect(row(orphan).slice(0, 9)).toEqual([orphan, 'unpublished', '0/?', '0', '1', '0', '0', '0', '0']);
    expect(row(finished).slice(0, 3)).toEqual([finished, 'complete', '2/2']);
    expect(out).toContain('Workers (2):');
    // worker, host, pid, running, done, failed, last min, per min, up, seen, version
    expect(row('worker-a').slice(0, 7)).toEqual(['worker-a', 'host-worker-a', '1004', '2/4', '3', '1', '4']);
    expect(row('worker-a').at(-1)).toBe('9.9.9');

    const json = await cliInProcess(['queue', 'status', server.url, '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as QueueStatus;
    const status = await readQueueStatus(redis);
    expect(parsed.jobs).toEqual(status.jobs);
    expect(parsed.runs.map((r) => [r.runId, r.jobs, r.recorded, r.planned])).toEqual(
      status.runs.map((r) => [r.runId, r.jobs, r.recorded, r.planned]),
    );
    expect(parsed.workers.find((w) => w.id === 'worker-a')).toMatchObject({ done: 3, failed: 1 });
  });

  it('shows a stopped worker nowhere', async () => {
    await (presences[1] as WorkerPresence).stop();
    expect(await redis.exists(workerKey('worker-b'))).toBe(0);
    expect(await redis.sismember(WORKERS_SET, 'worker-b')).toBe(0);
    expect((await readQueueStatus(redis)).workers.map((w) => w.id)).toEqual(['worker-a']);
  });

  it('prunes a worker killed without stop once its presence expires, and its counting never throws', async () => {
    const own = connect(server.url, 'test-killed');
    const killed = new WorkerPresence(own, info('worker-killed', 2), { intervalMs: 50, ttlMs: 300 });
    presences.push(killed);
    await killed.start();
    expect((await readQueueStatus(redis)).workers.map((w) => w.id)).toEqual(['worker-a', 'worker-killed']);
    // Its connection is gone (as when its process dies): refreshes fail, counting goes on.
    own.disconnect();
    killed.jobStarted('abc123.e1');
    killed.jobFinished('abc123.e1', false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await redis.sismember(WORKERS_SET, 'worker-killed')).toBe(1);
    expect((await readQueueStatus(redis)).workers.map((w) => w.id)).toEqual(['worker-a']);
    expect(await redis.sismember(WORKERS_SET, 'worker-killed')).toBe(0);
  });

  it('a worker left with nothing running publishes that at once; a busy one waits for its refresh', async () => {
    // A refresh too slow to matter here: every change seen below comes from the idle publish.
    const p = new WorkerPresence(redis, info('worker-idle', 2), { intervalMs: 60_000, ttlMs: 120_000 });
    presences.push(p);
    const running = async () =>
      JSON.parse((await redis.hget(workerKey('worker-idle'), 'running')) ?? 'null') as unknown;
    p.jobStarted('a');
    await p.start();
    expect(await running()).toEqual(['a']);
    // Still busy: another job runs, so nothing is written.
    p.jobStarted('b');
    p.jobFinished('a', true);
    await new Promise((r) => setTimeout(r, 4 * IDLE_PUBLISH_MS));
    expect(await running()).toEqual(['a']);
    // A second attempt of b (the worker took it again after losing its lock) outlives the first.
    p.jobStarted('b');
    p.jobFinished('b', true);
    await new Promise((r) => setTimeout(r, 4 * IDLE_PUBLISH_MS));
    expect(await running()).toEqual(['a']);
    // Idle: published within moments, not at the next refresh a minute later.
    p.jobFinished('b', true);
    await until('the idle worker to publish', async () => JSON.stringify(await running()) === '[]', 2000);
    expect(await redis.hget(workerKey('worker-idle'), 'done')).toBe('3');
  });

  it('prunes a run whose hash is gone', async () => {
    await redis.sadd(RUNS_SET, 'gone42');
    expect((await readQueueStatus(redis)).runs.map((r) => r.runId)).not.toContain('gone42');
    expect(await redis.sismember(RUNS_SET, 'gone42')).toBe(0);
  });

  it('says clearly, within --timeout, that a queue does not answer (exit 1)', async () => {
    const port = await freePort();
    const started = performance.now();
    const result = await cliInProcess(['queue', 'status', `redis://127.0.0.1:${port}/0`, '--timeout', '0.5']);
    const elapsed = performance.now() - started;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^faultline: No answer from the queue at redis://127\\.0\\.0\\.1:${port}/0 for .* while reading the queue status`,
      ),
    );
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3000);
  });

  it('rejects a bad URL or --timeout as a usage error naming it', async () => {
    const url = await cliInProcess(['queue', 'status', 'http://127.0.0.1:6379']);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/^faultline: URL: got "http:\/\/127\.0\.0\.1:6379\/", expected a redis:\/\//);
    const timeout = await cliInProcess(['queue', 'status', server.url, '--timeout', '0']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/--timeout: got "0", expected a number of seconds > 0/);
  });
});
