/**
 * A worker runs only what it chose: the agent programs it was given (`--team-cmd`), the model
 * endpoints it sends its API keys to (its `OPENAI_BASE_URL`, else OpenAI's, and `--base-url`) and
 * the variables it reads them from (`OPENAI_API_KEY` and `--api-key-env`). A run's jobs carry
 * command lines, base URLs and variable names; against a real redis-server, a `faultline worker`
 * not given them refuses the job before anything of it runs (the program never starts, the
 * endpoint is never called), the run ends incomplete naming the flag that would serve it, and a
 * worker given it runs the episode once the run is resumed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';
import type { ScriptedModelServer } from '../../src/testing/model-server/server.js';
import { startOracleModel } from '../support/oracle-model.js';

const MARKER_AGENT = join(import.meta.dirname, '../fixtures/queue/marker-agent.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-commands-'));
const marks = join(dir, 'started.txt');
/** The run's agent program: it appends its episode id to `marks` when started. */
const PROGRAM = `node ${MARKER_AGENT} ${marks} {episode_id}`;
const KEY = 'sk-queue-endpoints-7a2c';
let redis: TestRedis;
let model: ScriptedModelServer;
/** Requests the model server has answered. */
let requests = 0;
const processes: FaultlineProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  model = await startOracleModel(KEY, () => requests++);
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await model?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` with `OPENAI_API_KEY` (and `extra`) set in this process, as the coordinator's environment. */
async function withKeys(extra: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const names = ['OPENAI_API_KEY', ...Object.keys(extra)];
  const previous = names.map((n) => process.env[n]);
  Object.assign(process.env, { OPENAI_API_KEY: KEY, ...extra });
  try {
    await body();
  } finally {
    names.forEach((n, i) => {
      if (previous[i] === undefined) delete process.env[n];
      else process.env[n] = previous[i];
    });
  }
}

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
    // `queue status --json` shows what each worker accepts.
    const status = await cliInProcess(['queue', 'status', redis.url, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const listed = (JSON.parse(status.stdout) as { workers: { id: string; info: Record<string, unknown> }[] }).workers;
    expect(listed.find((w) => w.id === 'w1')?.info).toMatchObject({
      programs: [PROGRAM],
      modelEndpoints: [expect.stringMatching(/^https?:\/\//)],
      keyVariables: ['OPENAI_API_KEY'],
    });
    const resumed = await cliInProcess(['run', ...plan, '--out', out, '--json', '--resume']);
    expect(resumed.stderr).not.toMatch(/starts only the agent programs/);
    expect(readFileSync(marks, 'utf8')).toBe('deploy.diagnose-rollback-v2__cmd__s0__t0\n');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    // The next tests' refusals are each one worker's.
    await Promise.all(given.map((w) => w.kill('SIGTERM')));
  });

  it('call a model endpoint only on a worker that chose it', async () => {
    await withKeys({}, async () => {
      const plan = ['--env', 'deploy/diagnose-rollback-v2', '--seeds', '0', '--team', 'llm', '--model', 'm'];
      const queued = [...plan, '--base-url', model.url, '--queue', redis.url];
      const out = join(dir, 'llm-run');
      // Its key would go to OpenAI's endpoint only: OPENAI_BASE_URL is unset here.
      const [openaiOnly] = await startWorkers(redis.url, 1, [], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' });
      processes.push(openaiOnly!);
      const before = requests;
      const refused = await cliInProcess(['run', ...queued, '--out', out, '--json']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /this worker sends model requests \(with its API keys\) only to the endpoints it chose \(here: "https:\/\/api\.openai\.com\/v1", .*\); the run's teams call "http:\/\/127\.0\.0\.1:\d+\/v1"\. Start a worker with --base-url "http:\/\/127\.0\.0\.1:\d+\/v1" .*\(3 attempts\)/,
      );
      expect(requests).toBe(before);
      await openaiOnly!.kill('SIGTERM');

      const chose = await startWorkers(redis.url, 1, ['--base-url', model.url], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: '',
      });
      processes.push(...chose);
      const resumed = await cliInProcess(['run', ...queued, '--out', out, '--json', '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(requests).toBeGreaterThan(before);
      const local = await cliInProcess([
        'run',
        ...plan,
        '--base-url',
        model.url,
        '--out',
        join(dir, 'llm-local'),
        '--json',
      ]);
      expect(local.code, local.stderr).toBe(0);
      const digests = (run: string) =>
        readFileSync(join(dir, run, 'episodes.jsonl'), 'utf8').match(/"digest":"[0-9a-f]+"/g);
      expect(digests('llm-run')).toEqual(digests('llm-local'));
      await Promise.all(chose.map((w) => w.kill('SIGTERM')));
    });
  });

  it('read an API key only from a variable the worker chose', async () => {
    const teamFile = join(dir, 'keyed-team.json');
    writeFileSync(
      teamFile,
      JSON.stringify({ id: 'keyed', defaults: { model: 'm', baseUrl: model.url, apiKeyEnv: 'QUEUE_SECRET_TOKEN' } }),
    );
    await withKeys({ QUEUE_SECRET_TOKEN: KEY }, async () => {
      const queued = [
        '--env',
        'deploy/diagnose-rollback-v2',
        '--seeds',
        '0',
        '--team-file',
        teamFile,
        '--team',
        'keyed',
      ];
      queued.push('--queue', redis.url);
      const out = join(dir, 'keyed-run');
      const workerEnv = { QUEUE_SECRET_TOKEN: KEY, OPENAI_BASE_URL: model.url };
      const [unkeyed] = await startWorkers(redis.url, 1, [], workerEnv);
      processes.push(unkeyed!);
      const before = requests;
      const refused = await cliInProcess(['run', ...queued, '--out', out, '--json']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /this worker reads API keys only from the variables it chose \(here: "OPENAI_API_KEY", .*\); the run's teams name "QUEUE_SECRET_TOKEN"\. Start a worker with --api-key-env "QUEUE_SECRET_TOKEN" .*\(3 attempts\)/,
      );
      expect(requests).toBe(before);
      await unkeyed!.kill('SIGTERM');

      const keyed = await startWorkers(redis.url, 1, ['--api-key-env', 'QUEUE_SECRET_TOKEN'], workerEnv);
      processes.push(...keyed);
      const resumed = await cliInProcess(['run', ...queued, '--out', out, '--json', '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(requests).toBeGreaterThan(before);
      expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8')).toMatch(/"outcome":"success"/);
    });
  });
});
