/**
 * The llm team on a queue, against a real redis-server and the scripted OpenAI-compatible server:
 * two `faultline worker` processes share one request limit through Redis (their combined rate
 * holds within 10% of `--rpm`), each reads the API key from its own environment, and nothing that
 * crosses Redis — every command any process sends, seen with MONITOR — ever holds the key. The
 * results are those of the same run in one process: the summary byte for byte, the records and
 * trajectories but for the model calls' wall-clock latency (and the checksums that seal it), which
 * differs between any two live runs, queued or not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchRedis } from '../support/redis-monitor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startWorkers, type FaultlineProcess } from '../support/queue-processes.js';
import { cliInProcess } from '../support/cli.js';
import { filesContaining, resultFiles } from '../llm/e2e/harness.js';
import type { ScriptedModelServer } from '../../src/testing/model-server/server.js';
import { startOracleModel } from '../support/oracle-model.js';

const KEY = 'sk-queue-secret-7f3a9c1e5b';
const RPM = 600;
const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-llm-'));
let redis: TestRedis;
let model: ScriptedModelServer;
let workers: FaultlineProcess[] = [];
/** Arrival times (ms, this process's clock) of the model requests. */
const arrivals: number[] = [];

beforeAll(async () => {
  redis = await startRedis();
  model = await startOracleModel(KEY, () => arrivals.push(performance.now()));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await model?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A JSON-lines file's values without wall-clock latencies and the checksums over them. */
function withoutLatency(bytes: Buffer): unknown[] {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([k]) => k !== 'latencyMs' && k !== 'checksum' && k !== 'trajectoryChecksum')
              .map(([k, v]) => [k, strip(v)]),
          )
        : value;
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => strip(JSON.parse(l)));
}

describe('the llm team on a queue', () => {
  it('shares --rpm across two workers within 10%, and no API key ever crosses Redis', async () => {
    const previous = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = KEY;
    process.env.OPENAI_BASE_URL = model.url;
    // Every command every client sends to Redis, from now on.
    const watch = await watchRedis(redis.port);
    const sent = watch.sent;
    try {
      workers = await startWorkers(redis.url, 2, ['--concurrency', '4'], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: model.url,
      });
      const plan = ['--team', 'llm', '--model', 'm', '--env', 'deploy/rollout-v2,mock-web/research-report-v1'];
      const queued = await cliInProcess([
        'run',
        ...plan,
        '--seeds',
        '0-1',
        '--queue',
        redis.url,
        '--rpm',
        String(RPM),
        '--out',
        join(dir, 'queued'),
        '--json',
      ]);
      expect(queued.code, queued.stderr).toBe(0);
      // Both workers ran episodes, so the rate below is two processes sharing one limit.
      for (const w of workers) expect(w.output()).toMatch(/^done .*llm.* success/m);

      // The rate over the run, after the first requests (a limiter's start may allow two at once).
      const times = arrivals.slice(5);
      expect(times.length).toBeGreaterThan(40);
      const perSecond = ((times.length - 1) * 1000) / (times[times.length - 1]! - times[0]!);
      expect(perSecond).toBeGreaterThan((RPM / 60) * 0.9);
      expect(perSecond).toBeLessThan((RPM / 60) * 1.1);

      const local = await cliInProcess(['run', ...plan, '--seeds', '0-1', '--out', join(dir, 'local'), '--json']);
      expect(local.code, local.stderr).toBe(0);
      const a = resultFiles(join(dir, 'queued'));
      const b = resultFiles(join(dir, 'local'));
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      expect(a.get('summary.json')?.equals(b.get('summary.json')!)).toBe(true);
      for (const [file, bytes] of b)
        if (file.endsWith('.jsonl')) expect(withoutLatency(a.get(file)!), file).toEqual(withoutLatency(bytes));
    } finally {
      watch.stop();
      process.env.OPENAI_API_KEY = previous.key;
      process.env.OPENAI_BASE_URL = previous.url;
      if (previous.key === undefined) delete process.env.OPENAI_API_KEY;
      if (previous.url === undefined) delete process.env.OPENAI_BASE_URL;
    }
    // The check is not vacuous: the jobs' data and results crossed Redis under MONITOR.
    expect(sent.some((c) => c.includes('"module":"llm"'))).toBe(true);
    expect(sent.some((c) => c.includes('"trajectoryGzip"'))).toBe(true);
    // Results travel gzipped: the files they became hold no key either.
    expect(filesContaining([join(dir, 'queued')], KEY)).toEqual([]);
    expect(sent.filter((c) => c.includes(KEY))).toEqual([]);
  });
});
