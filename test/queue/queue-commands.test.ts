/**
 * A worker runs only what it chose: the agent programs it was given (`--team-cmd`) and the model
 * endpoints it sends its API keys to (its `OPENAI_BASE_URL`, else OpenAI's, and `--base-url`). A
 * run's jobs carry command lines and base URLs; against a real redis-server, a `faultline worker`
 * not given them refuses the job before anything of it runs (the program never starts, the
 * endpoint is never called), the run ends incomplete naming the flag that would serve it, and a
 * worker given it runs the episode once the run is resumed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';
import { startScriptedModelServer } from '../../src/testing/model-server/server.js';
import { oracleReplayResponder } from '../../src/testing/model-server/oracle-replay.js';

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

  it('call a model endpoint only on a worker that chose it', async () => {
    const key = 'sk-queue-endpoints-7a2c';
    let requests = 0;
    const replay = oracleReplayResponder();
    const model = await startScriptedModelServer({
      apiKey: key,
      recordRequests: false,
      respond: (request, options) => {
        requests++;
        return replay(request, options);
      },
    });
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = key;
    try {
      const plan = ['--env', 'deploy/diagnose-rollback-v2', '--seeds', '0', '--team', 'llm', '--model', 'm'];
      const queued = [...plan, '--base-url', model.url, '--queue', redis.url];
      const out = join(dir, 'llm-run');
      // Its key would go to OpenAI's endpoint only: OPENAI_BASE_URL is unset here.
      const [openaiOnly] = await startWorkers(redis.url, 1, [], { OPENAI_API_KEY: key, OPENAI_BASE_URL: '' });
      processes.push(openaiOnly!);
      const refused = await cliInProcess(['run', ...queued, '--out', out, '--json']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /this worker sends model requests \(with its API keys\) only to the endpoints it chose \(here: "https:\/\/api\.openai\.com\/v1", .*\); the run's teams call "http:\/\/127\.0\.0\.1:\d+\/v1"\. Start a worker with --base-url "http:\/\/127\.0\.0\.1:\d+\/v1" .*\(3 attempts\)/,
      );
      expect(requests).toBe(0);
      await openaiOnly!.kill('SIGTERM');

      const chose = await startWorkers(redis.url, 1, ['--base-url', model.url], {
        OPENAI_API_KEY: key,
        OPENAI_BASE_URL: '',
      });
      processes.push(...chose);
      const resumed = await cliInProcess(['run', ...queued, '--out', out, '--json', '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(requests).toBeGreaterThan(0);
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
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
      await model.close();
    }
  });
});
