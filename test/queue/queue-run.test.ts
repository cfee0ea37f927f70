/**
 * Runs on a queue, end to end against a real redis-server: `faultline worker` processes serve the
 * jobs of `faultline run --queue`, and whatever is killed — a worker mid-episode, the coordinator,
 * Redis itself — the run's files are byte for byte those of the same run in one process, with no
 * episode lost or recorded twice. A job that cannot run anywhere ends in the failed list with its
 * reason, and a resume completes the run once a worker can run it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startFaultline, startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';
import { resultFiles } from '../llm/e2e/harness.js';
import { EPISODE_QUEUE, KEY_PREFIX } from '../../src/queue/keys.js';

const SLOW_TEAM = join(import.meta.dirname, '../fixtures/queue/slow-team.ts');
const CUSTOM_TEAMS = join(import.meta.dirname, '../fixtures/custom-teams.ts');
const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-'));
let redis: TestRedis;
let processes: FaultlineProcess[] = [];

beforeAll(async () => {
  redis = await startRedis({ aof: true });
});
afterEach(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  processes = [];
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The queue URL of database `db` of the test's Redis. */
const queueUrl = (db: number) => `redis://127.0.0.1:${redis.port}/${db}`;

/** A BullMQ handle on the episode queue of database `db` (to look at jobs as workers see them). */
const episodeQueue = (db: number) =>
  new Queue(EPISODE_QUEUE, { connection: { host: '127.0.0.1', port: redis.port, db }, prefix: KEY_PREFIX });

async function workers(
  db: number,
  count: number,
  extra: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<FaultlineProcess[]> {
  const started = await startWorkers(queueUrl(db), count, extra, env);
  processes.push(...started);
  return started;
}

/** The lines of a run's episodes.jsonl. */
function lines(out: string): string[] {
  const file = join(out, 'episodes.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

/** Asserts that two run directories hold the same episodes, trajectories and summary, byte for byte. */
function expectSameRun(actual: string, expected: string): void {
  const a = resultFiles(actual);
  const b = resultFiles(expected);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  expect(a.has('summary.json')).toBe(true);
  for (const [file, bytes] of b) expect(a.get(file)?.equals(bytes), `${file} differs`).toBe(true);
  const ids = lines(actual).map((l) => (JSON.parse(l) as { id: string }).id);
  expect(new Set(ids).size, 'an episode recorded twice').toBe(ids.length);
}

/** The same run in this process, as the reference (the slow team without its wait: same results). */
async function localRun(args: readonly string[], out: string): Promise<void> {
  process.env.FAULTLINE_SLOW_MS = '0';
  try {
    const local = await cliInProcess(['run', ...args, '--out', out, '--json']);
    expect(local.code, local.stderr).toBe(0);
  } finally {
    delete process.env.FAULTLINE_SLOW_MS;
  }
}

/** Resolves once `out` has at least `n` recorded episodes. */
async function recorded(out: string, n: number, ms = 30_000): Promise<void> {
  const start = Date.now();
  while (lines(out).length < n) {
    if (Date.now() - start > ms) throw new Error(`fewer than ${n} episodes recorded in ${out} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const SLOW = ['--import', SLOW_TEAM, '--stalled-after', '2', '--concurrency', '2'];
const slowPlan = (seeds: string, team = 'slow-oracle') => [
  '--env',
  'filesystem/rename-symbol-v1,flaky-api/reconcile-refunds-v1',
  '--team',
  team,
  '--seeds',
  seeds,
  '--perturb',
  'production',
  '--import',
  SLOW_TEAM,
];

describe('faultline run --queue with faultline worker processes', () => {
  it('gives the files of a local run, byte for byte, with three workers', async () => {
    await workers(0, 3);
    const plan = [
      '--env',
      'filesystem/rename-symbol-v1,flaky-api/reconcile-refunds-v1,mock-web/research-report-v1',
      '--team',
      'oracle,brittle,drifting',
      '--seeds',
      '0-3',
      '--trials',
      '2',
      '--perturb',
      'production',
    ];
    const queued = await cliInProcess(['run', ...plan, '--queue', queueUrl(0), '--out', join(dir, 'q1'), '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr).toMatch(
      new RegExp(`72 episodes on the queue at redis://127\\.0\\.0\\.1:${redis.port}/0 as run [0-9a-f]{16}`),
    );
    await localRun(plan, join(dir, 'l1'));
    expect(lines(join(dir, 'q1'))).toHaveLength(72);
    expectSameRun(join(dir, 'q1'), join(dir, 'l1'));
    // Every worker took part, and the run's jobs are gone from the queue once recorded.
    for (const w of processes) expect(w.output()).toMatch(/^done /m);
    const queue = episodeQueue(0);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0 });
    await queue.close();
    const manifest = JSON.parse(readFileSync(join(dir, 'q1', 'run.json'), 'utf8')) as { queue?: { url: string } };
    expect(manifest.queue?.url).toBe(queueUrl(0));
  });

  it('runs again, on another worker, the episodes of a worker killed mid-episode', async () => {
    const [w1, w2] = await workers(1, 2, SLOW);
    const out = join(dir, 'q2');
    const queue = episodeQueue(1);
    const run = cliInProcess(['run', ...slowPlan('0-5'), '--queue', queueUrl(1), '--out', out, '--json']);
    // Wait until w1 is running an episode, then kill it without warning.
    let killedWith: string[] = [];
    for (let i = 0; i < 1000 && killedWith.length === 0; i++) {
      const active = await queue.getActive();
      killedWith = active.filter((j) => j.processedBy === 'w1').map((j) => String(j.id));
      if (killedWith.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(killedWith.length, 'w1 never ran an episode').toBeGreaterThan(0);
    await w1!.kill('SIGKILL');
    const result = await run;
    await queue.close();
    expect(result.code, result.stderr).toBe(0);
    await localRun(slowPlan('0-5'), join(dir, 'l2'));
    expectSameRun(out, join(dir, 'l2'));
    // What w1 was running when it died was run again by w2.
    for (const jobId of killedWith) expect(w2!.output()).toContain(`done  ${jobId.slice(jobId.indexOf('.') + 1)} `);
  });

  it('loses nothing when the coordinator is killed: the workers go on, and --resume collects their results', async () => {
    await workers(2, 2, SLOW);
    const out = join(dir, 'q3');
    const args = ['run', ...slowPlan('0-5'), '--queue', queueUrl(2), '--out', out, '--json'];
    const coordinator = startFaultline(args);
    processes.push(coordinator);
    await recorded(out, 2);
    await coordinator.kill('SIGKILL');
    expect(lines(out).length).toBeLessThan(12);
    // The workers finish the jobs while nobody follows the run.
    await new Promise((r) => setTimeout(r, 1500));
    const resumed = await cliInProcess([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await localRun(slowPlan('0-5'), join(dir, 'l3'));
    expectSameRun(out, join(dir, 'l3'));
  });

  it('lists a job no worker can run as failed, with the reason, and a resume completes it', async () => {
    // A worker without the run's module, and a job that is not an episode job at all.
    const [bare] = await workers(3, 1);
    const queue = episodeQueue(3);
    await queue.add('episode', { hostile: '../../etc/passwd', format: 'x' }, { jobId: 'deadbeef00000000.garbage' });
    const out = join(dir, 'q4');
    const plan = slowPlan('0');
    const failed = await cliInProcess(['run', ...plan, '--queue', queueUrl(3), '--out', out, '--json']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/2 episodes failed on the queue's workers/);
    expect(failed.stderr).toMatch(/this worker has no module slow-team\.ts \(sha256 [0-9a-f]{12}…\).*\(3 attempts\)/);
    expect(failed.stderr).toMatch(/Incomplete: 0\/2 episodes recorded/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    const garbage = await queue.getJob('deadbeef00000000.garbage');
    expect(garbage?.failedReason).toMatch(/not a faultline\.job\/1 episode job/);
    expect(garbage?.attemptsMade).toBe(1);
    await queue.close();
    await bare!.kill('SIGTERM');
    await workers(3, 1, SLOW);
    const resumed = await cliInProcess(['run', ...plan, '--queue', queueUrl(3), '--out', out, '--json', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await localRun(plan, join(dir, 'l4'));
    expectSameRun(out, join(dir, 'l4'));
  });

  it('carries on through a Redis restart (append-only file on)', async () => {
    await workers(4, 2, SLOW);
    const out = join(dir, 'q5');
    const run = cliInProcess(['run', ...slowPlan('0-5'), '--queue', queueUrl(4), '--out', out, '--json']);
    await recorded(out, 3);
    await redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.restart();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    await localRun(slowPlan('0-5'), join(dir, 'l5'));
    expectSameRun(out, join(dir, 'l5'));
  });

  it('stops with a clear error when Redis stays away, and --resume completes the run once it is back', async () => {
    await workers(5, 2, SLOW);
    const out = join(dir, 'q6');
    const args = ['run', ...slowPlan('0-5'), '--queue', queueUrl(5), '--queue-timeout', '2', '--out', out, '--json'];
    const run = cliInProcess(args);
    await recorded(out, 2);
    await redis.kill();
    const result = await run;
    // A worker whose Redis is gone still stops at a second Ctrl-C, at once.
    const [first] = processes;
    first!.child.kill('SIGINT');
    await first!.waitFor(/Stopping: finishing the episodes in flight/, 10_000);
    first!.child.kill('SIGINT');
    expect(await first!.exited).toBe(130);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No answer from the queue at redis:\/\/127\.0\.0\.1:\d+\/5 for 2 s/);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ status: 'interrupted' });
    await redis.restart();
    const resumed = await cliInProcess([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await localRun(slowPlan('0-5'), join(dir, 'l6'));
    expectSameRun(out, join(dir, 'l6'));
  });

  it('records an agent that blocks its thread as a timeout, as a local run with worker threads does', async () => {
    const [w] = await workers(6, 1, ['--import', CUSTOM_TEAMS]);
    const plan = [
      '--env',
      'filesystem/rename-symbol-v1',
      '--team',
      'fixture-spins',
      '--seeds',
      '0-2',
      '--agent-timeout',
      '300',
      '--import',
      CUSTOM_TEAMS,
    ];
    const queued = await cliInProcess(['run', ...plan, '--queue', queueUrl(6), '--out', join(dir, 'q7'), '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(w!.output()).toMatch(/done {2}filesystem\.rename-symbol-v1__fixture-spins__s1__t0 timeout/);
    // The worker carries on after the blocked thread was stopped: seed 2 ran after seed 1.
    expect(w!.output()).toMatch(/__s1__t0 timeout[^]*__s2__t0 /);
    await localRun([...plan, '--workers', '2'], join(dir, 'l7'));
    expectSameRun(join(dir, 'q7'), join(dir, 'l7'));
  });

  it('withdraws the jobs not started when --bail stops the run, and --resume finishes it', async () => {
    await workers(7, 1, ['--import', SLOW_TEAM], { FAULTLINE_SLOW_MS: '15' });
    const plan = slowPlan('0-5', 'slow-brittle');
    const out = join(dir, 'q8');
    const bailed = await cliInProcess(['run', ...plan, '--queue', queueUrl(7), '--bail', '1', '--out', out, '--json']);
    expect(bailed.code, bailed.stderr).toBe(3);
    // Episodes in flight when the first failure came finish and are recorded (some may fail too).
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { status: string; bailedAfter: number };
    expect(manifest.status).toBe('interrupted');
    expect(manifest.bailedAfter).toBeGreaterThanOrEqual(1);
    expect(lines(out).length).toBeLessThan(12);
    const queue = episodeQueue(7);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
    await queue.close();
    const resumed = await cliInProcess(['run', ...plan, '--queue', queueUrl(7), '--out', out, '--json', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await localRun(plan, join(dir, 'l8'));
    expectSameRun(out, join(dir, 'l8'));
  });

  it('keeps the lock of a job its own worker takes again after losing it, so the episode is not failed as stalled twice', async () => {
    // One worker, two slots, one long episode (about 40 actions, 400 ms each). Late in the episode
    // its lock disappears, as after a Redis outage longer than --stalled-after: the stalled-job
    // check gives the job back and the same worker takes it again while the first attempt runs on.
    const [w] = await workers(9, 1, SLOW, { FAULTLINE_SLOW_MS: '400' });
    const plan = [
      '--env',
      'flaky-api/reconcile-refunds-v1',
      '--team',
      'slow-oracle',
      '--seeds',
      '0',
      '--import',
      SLOW_TEAM,
    ];
    const out = join(dir, 'q10');
    const run = cliInProcess(['run', ...plan, '--queue', queueUrl(9), '--out', out, '--json']);
    const queue = episodeQueue(9);
    let jobId = '';
    for (let waited = 0; jobId === ''; waited += 50) {
      if (waited > 30_000) throw new Error('w1 did not start the episode in 30 s');
      jobId = (await queue.getActive()).map((j) => String(j.id))[0] ?? '';
      if (jobId === '') await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 9000));
    const client = new Redis({ host: '127.0.0.1', port: redis.port, db: 9 });
    expect(await client.del(`${KEY_PREFIX}:${EPISODE_QUEUE}:${jobId}:lock`)).toBe(1);
    client.disconnect();
    const result = await run;
    await queue.close();
    expect(result.code, result.stderr).toBe(0);
    // Both attempts ran on w1; only the second one's result was recorded.
    expect(w!.output().match(/^done /gm)).toHaveLength(2);
    await localRun(plan, join(dir, 'l10'));
    expectSameRun(out, join(dir, 'l10'));
  });

  it('says when no worker serves the queue, and goes on once one does (which stops once idle)', async () => {
    const out = join(dir, 'q9');
    const coordinator = startFaultline([...RUN_ARGS_9, '--queue', queueUrl(8), '--out', out]);
    processes.push(coordinator);
    await coordinator.waitFor(/No worker serves the queue at redis:\/\/127\.0\.0\.1:\d+\/8: the run's 4 episodes wait/);
    const [late] = await workers(8, 1, ['--exit-when-idle', '2']);
    expect(await coordinator.exited).toBe(0);
    expect(lines(out)).toHaveLength(4);
    expect(await late!.exited).toBe(0);
    expect(late!.output()).toMatch(/Idle for 2 s: stopping\./);
  });
});

const RUN_ARGS_9 = ['run', '--env', 'deploy/rollout-v2', '--team', 'oracle,noop', '--seeds', '0-1', '--json'];
