/**
 * `faultline queue cancel URL RUN` against a real redis-server: the run's jobs that are not
 * running go, another run's stay, and the run leaves `queue status` once nothing of it runs.
 */
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { cliInProcess } from '../support/cli.js';
import { EPISODE_QUEUE, KEY_PREFIX, episodeJobId } from '../../src/queue/keys.js';
import { connect } from '../../src/queue/connection.js';
import { publishRun } from '../../src/queue/run-registry.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

describe('faultline queue cancel', () => {
  it("removes one run's jobs, keeps the others', and leaves running ones to finish", async () => {
    const connection = { host: '127.0.0.1', port: redis.port };
    const queue = new Queue(EPISODE_QUEUE, { connection, prefix: KEY_PREFIX });
    const client = connect(redis.url, 'test');
    await publishRun(client, {
      runId: A,
      out: '/tmp/a',
      planned: 6,
      coordinator: 'h:1',
      startedAt: '2026-12-04T00:00:00Z',
    });
    // One job of A running (its processor waits until released), the rest waiting.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = () => undefined as void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await queue.add('episode', {}, { jobId: episodeJobId(A, 'e0') });
    const worker = new Worker(
      EPISODE_QUEUE,
      async () => {
        started();
        await held;
        return 'done';
      },
      { connection: { ...connection, maxRetriesPerRequest: null }, prefix: KEY_PREFIX },
    );
    await running;
    await worker.close(true).catch(() => undefined);
    for (let i = 1; i < 6; i++) await queue.add('episode', {}, { jobId: episodeJobId(A, `e${i}`) });
    for (let i = 0; i < 3; i++) await queue.add('episode', {}, { jobId: episodeJobId(B, `e${i}`) });

    const first = await cliInProcess(['queue', 'cancel', redis.url, A]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      `Run ${A}: 5 jobs removed; 1 still running on workers (they finish: cancel again to remove them).\n`,
    );
    const waiting = await queue.getRanges(['waiting'], 0, -1);
    expect(waiting.sort()).toEqual([0, 1, 2].map((i) => episodeJobId(B, `e${i}`)));
    expect(await client.exists(`${KEY_PREFIX}:run:${A}`)).toBe(1);

    // The running job finishes (here: its lock is released by hand), and a second cancel clears the run.
    release();
    await queue.remove(episodeJobId(A, 'e0')).catch(() => 0);
    await client.del(`${KEY_PREFIX}:${EPISODE_QUEUE}:${episodeJobId(A, 'e0')}:lock`);
    await client.lrem(`${KEY_PREFIX}:${EPISODE_QUEUE}:active`, 0, episodeJobId(A, 'e0'));
    const second = await cliInProcess(['queue', 'cancel', redis.url, A]);
    expect(second.stdout).toMatch(new RegExp(`^Run ${A}: [01] jobs? removed\\.\\n$`));
    expect(await client.exists(`${KEY_PREFIX}:run:${A}`)).toBe(0);
    expect(await client.sismember(`${KEY_PREFIX}:runs`, A)).toBe(0);
    client.disconnect();
    await queue.close();
  });

  it('refuses a run id that is not one', async () => {
    const result = await cliInProcess(['queue', 'cancel', redis.url, '../x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/RUN: got "\.\.\/x", expected a run id: hex digits/);
  });
});
