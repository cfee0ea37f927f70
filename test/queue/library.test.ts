/**
 * The queue from code, as a library user drives it: `evaluate({ queue })` coordinates, a worker
 * started with `startQueueWorker` from `faultline/queue` (in this very process) runs the episodes,
 * and the summary and files are those of `evaluate()` without a queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluate } from 'faultline';
import { connectQueue, readQueueStatus, startQueueWorker } from 'faultline/queue';
import { startRedis, type TestRedis } from '../support/redis.js';
import { resultFiles } from '../llm/e2e/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-lib-'));
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('evaluate({ queue }) with a worker from faultline/queue equals evaluate() in one process', async () => {
  const seen: string[] = [];
  const worker = await startQueueWorker({
    url: redis.url,
    concurrency: 2,
    name: 'library-worker',
    onJob: (e) => seen.push(`${e.ok ? 'ok' : 'failed'} ${e.episode}`),
  });
  const plan = {
    envs: ['deploy/rollout-v2', 'flaky-api/migrate-records-v1'],
    teams: ['oracle', 'lossy-handoff'],
    seeds: '0-2',
    perturb: 'production',
    keepRecords: false,
  } as const;
  try {
    const queued = await evaluate({ ...plan, queue: { url: redis.url }, out: join(dir, 'queued') });
    expect(queued.interrupted).toBe(false);
    expect(queued.queueFailures).toEqual([]);
    expect(seen).toHaveLength(12);
    expect(seen.every((s) => s.startsWith('ok '))).toBe(true);
    const client = connectQueue(redis.url, 'test');
    const status = await readQueueStatus(client);
    client.disconnect();
    expect(status.workers.map((w) => w.id)).toEqual(['library-worker']);
    const local = await evaluate({ ...plan, out: join(dir, 'local') });
    expect(queued.summary).toEqual(local.summary);
    const a = resultFiles(join(dir, 'queued'));
    const b = resultFiles(join(dir, 'local'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of b) expect(a.get(file)?.equals(bytes), file).toBe(true);
  } finally {
    await worker.close();
  }
});
