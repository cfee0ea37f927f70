/**
 * `--llm-cache` on a queue, against a real redis-server, two `faultline worker` processes and the
 * scripted OpenAI-compatible server: the cassette directory stays on the coordinator's side and
 * each episode's file travels with its job. A recording on the queue leaves the coordinator's
 * directory with the same cassettes a local recording makes (but for wall-clock latencies); no
 * job names that directory (every command sent to Redis, seen with MONITOR); the workers keep
 * nothing in their own temporary directories; `auto` records only what is missing; and a replay
 * on the queue with the model server gone gives the recording's results byte for byte. The same
 * holds for an agent program whose model calls go through the model proxy (`--team-cmd`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { watchRedis } from '../support/redis-monitor.js';
import { startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';
import { resultFiles } from '../llm/e2e/harness.js';
import type { ScriptedModelServer } from '../../src/testing/model-server/server.js';
import { startOracleModel } from '../support/oracle-model.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';

const AGENT = join(import.meta.dirname, '../../examples/mcp-agent.mjs');

const KEY = 'sk-queue-cassette-5d1e';
const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-cassette-'));
/** The workers' TMPDIR: where their private cassette directories are made. */
const workerTmp = join(dir, 'worker-tmp');
let redis: TestRedis;
let model: ScriptedModelServer;
let workers: FaultlineProcess[] = [];
let requests = 0;

beforeAll(async () => {
  mkdirSync(workerTmp);
  redis = await startRedis();
  model = await startOracleModel(KEY, () => requests++);
  // The agent program of the --team-cmd test: a worker starts only the programs it is given.
  workers = await startWorkers(redis.url, 2, ['--concurrency', '2', '--team-cmd', `node ${AGENT}`], {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: model.url,
    TMPDIR: workerTmp,
  });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await model?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PLAN = [
  '--team',
  'llm',
  '--model',
  'm',
  '--env',
  'deploy/rollout-v2,flaky-api/migrate-records-v1',
  '--seeds',
  '0-1',
];

/** A cassette file's calls without their wall-clock latencies (which differ between any two live runs). */
function calls(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const entry = JSON.parse(l) as { answer: Record<string, unknown> };
      return { ...entry, answer: { ...entry.answer, latencyMs: 0 } };
    });
}

/** Runs `faultline run` in this process with the model server's key and URL in its environment. */
async function run(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const previous = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  process.env.OPENAI_API_KEY = KEY;
  process.env.OPENAI_BASE_URL = model.url;
  try {
    return await cliInProcess(['run', ...PLAN, ...args]);
  } finally {
    process.env.OPENAI_API_KEY = previous.key;
    process.env.OPENAI_BASE_URL = previous.url;
    if (previous.key === undefined) delete process.env.OPENAI_API_KEY;
    if (previous.url === undefined) delete process.env.OPENAI_BASE_URL;
  }
}

describe('cassettes on a queue', () => {
  it('travel for an agent program behind the model proxy too (--team-cmd --model-proxy)', async () => {
    const cassettes = join(dir, 'proxy-cassettes');
    const team = ['--team-cmd', `node ${AGENT}`, '--model-proxy', '--base-url', model.url];
    const common = ['--env', 'deploy/diagnose-rollback-v2', '--seeds', '1-2', ...team, '--queue', redis.url];
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = KEY;
    const watch = await watchRedis(redis.port);
    try {
      const recorded = await cliInProcess([
        'run',
        ...common,
        '--llm-cache',
        cassettes,
        '--llm-cache-mode',
        'record',
        '--out',
        join(dir, 'proxy-recorded'),
      ]);
      expect(recorded.code, recorded.stderr).toBe(0);
      watch.stop();
      expect(watch.sent.some((c) => c.includes('"module":"team-cmd"'))).toBe(true);
      expect(watch.sent.filter((c) => c.includes(cassettes))).toEqual([]);
      const files = readdirSync(cassettes).sort();
      expect(files).toEqual([
        'deploy.diagnose-rollback-v2__cmd__s1__t0.jsonl',
        'deploy.diagnose-rollback-v2__cmd__s2__t0.jsonl',
      ]);
      const requestsBefore = requests;
      const replayed = await cliInProcess([
        'run',
        ...common,
        '--llm-cache',
        cassettes,
        '--llm-cache-mode',
        'replay',
        '--out',
        join(dir, 'proxy-replayed'),
      ]);
      expect(replayed.code, replayed.stderr).toBe(0);
      // Every answer came from the cassettes the jobs carried: the model was not asked again.
      expect(requests).toBe(requestsBefore);
      const outcomes = (out: string) =>
        readRecordedEpisodes(join(dir, out)).records.map((r) => [r.id, r.outcome, r.digest, r.usage?.calls]);
      expect(outcomes('proxy-replayed')).toEqual(outcomes('proxy-recorded'));
      expect(outcomes('proxy-replayed').map((o) => o[1])).toEqual(['success', 'success']);
    } finally {
      watch.stop();
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('travel with the jobs: recorded, completed and replayed on the coordinator side only', async () => {
    const cassettes = join(dir, 'cassettes');
    const watch = await watchRedis(redis.port);
    const { sent } = watch;
    try {
      const recorded = await run([
        '--queue',
        redis.url,
        '--llm-cache',
        cassettes,
        '--llm-cache-mode',
        'record',
        '--out',
        join(dir, 'recorded'),
      ]);
      expect(recorded.code, recorded.stderr).toBe(0);
    } finally {
      watch.stop();
    }
    for (const w of workers) expect(w.output()).toMatch(/^done .*llm.* success/m);
    // No job named the directory; results brought the files back.
    expect(sent.some((c) => c.includes('"module":"llm"'))).toBe(true);
    expect(sent.filter((c) => c.includes(cassettes))).toEqual([]);
    expect(sent.some((c) => c.includes('"cassetteGzip"'))).toBe(true);
    const files = readdirSync(cassettes).sort();
    expect(files).toHaveLength(4);
    // The workers kept nothing: their private directories are empty.
    const privateDirs = readdirSync(workerTmp).filter((d) => d.startsWith('faultline-worker-cassettes-'));
    expect(privateDirs).toHaveLength(2);
    for (const made of privateDirs) expect(readdirSync(join(workerTmp, made))).toEqual([]);

    // The same cassettes as a local recording, call for call.
    const local = await run([
      '--llm-cache',
      join(dir, 'local-cassettes'),
      '--llm-cache-mode',
      'record',
      '--out',
      join(dir, 'local'),
    ]);
    expect(local.code, local.stderr).toBe(0);
    expect(readdirSync(join(dir, 'local-cassettes')).sort()).toEqual(files);
    for (const file of files)
      expect(calls(join(cassettes, file)), file).toEqual(calls(join(dir, 'local-cassettes', file)));

    // auto: an episode whose cassette is missing is recorded again; the others are replayed.
    const [missing, ...kept] = files as [string, ...string[]];
    const before = new Map(kept.map((f) => [f, readFileSync(join(cassettes, f))]));
    const missingCalls = calls(join(cassettes, missing));
    rmSync(join(cassettes, missing));
    const requestsBefore = requests;
    const auto = await run(['--queue', redis.url, '--llm-cache', cassettes, '--out', join(dir, 'auto')]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(calls(join(cassettes, missing))).toEqual(missingCalls);
    expect(requests - requestsBefore).toBe(missingCalls.length);
    for (const [f, bytes] of before) expect(readFileSync(join(cassettes, f)).equals(bytes), f).toBe(true);

    // replay with no model server: the recording's results, byte for byte.
    await model.close();
    const replayed = await run([
      '--queue',
      redis.url,
      '--llm-cache',
      cassettes,
      '--llm-cache-mode',
      'replay',
      '--out',
      join(dir, 'replayed'),
    ]);
    expect(replayed.code, replayed.stderr).toBe(0);
    const a = resultFiles(join(dir, 'auto'));
    const b = resultFiles(join(dir, 'replayed'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
    expect(existsSync(join(dir, 'replayed', 'summary.json'))).toBe(true);
    for (const made of privateDirs) expect(readdirSync(join(workerTmp, made))).toEqual([]);
  });
});
