/**
 * A worker starts only the agent programs it was given. A run's command team travels in its jobs
 * as command lines; against a real redis-server, a `faultline worker` started without that
 * program refuses the job before anything of it runs (the program never starts, the run ends
 * incomplete naming the flag that would serve it), and a worker given the program with
 * `--team-cmd` runs it once the run is resumed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';

const MARKER_AGENT = join(import.meta.dirname, '../fixtures/queue/marker-agent.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-commands-'));
const marks = join(dir, 'started.txt');
/** The run's agent program: it appends its episode id to `marks` when started. */
const PROGRAM = `node ${MARKER_AGENT} ${marks} {episode_id}`;
let redis: TestRedis;
const processes: FaultlineProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent programs on a queue', () => {
  it('start only on a worker given them with --team-cmd', async () => {
    const plan = ['--env', 'deploy/diagnose-rollback-v2', '--seeds', '0', '--team-cmd', PROGRAM, '--queue', redis.url];
    const out = join(dir, 'run');
    const [bare] = await startWorkers(redis.url, 1);
    processes.push(bare!);
    const refused = await cliInProcess(['run', ...plan, '--out', out, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /this worker starts only the agent programs it was given with --team-cmd \(here: none\); the run's command team needs "node [^"]*marker-agent\.mjs [^"]*started\.txt \{episode_id\}"\. Start a worker with --team-cmd "node [^"]*marker-agent\.mjs [^"]*" .*\(3 attempts\)/,
    );
    expect(refused.stderr).toMatch(/Incomplete: 0\/1 episodes recorded/);
    // Refused before anything of the job ran: the program never started.
    expect(existsSync(marks)).toBe(false);
    await bare!.kill('SIGTERM');

    const given = await startWorkers(redis.url, 1, ['--team-cmd', PROGRAM]);
    processes.push(...given);
    expect(given[0]!.output()).toMatch(/agent programs "node [^"]*marker-agent\.mjs/);
    const resumed = await cliInProcess(['run', ...plan, '--out', out, '--json', '--resume']);
    expect(resumed.stderr).not.toMatch(/starts only the agent programs/);
    expect(readFileSync(marks, 'utf8')).toBe('deploy.diagnose-rollback-v2__cmd__s0__t0\n');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });
});
