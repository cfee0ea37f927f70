/**
 * Fatal provider errors stop a run of the llm team at once, through the real CLI against the
 * scripted server: a rejected key and an unknown model end the run with exit code 2 and a message
 * naming what to fix, within seconds and before most episodes ran; no key and no base URL is an
 * error before any episode starts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oracleReplayResponder, startScriptedModelServer } from '../../../src/testing/index.js';
import { episodeLines, filesContaining, runCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-fatal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GRID = ['--env', 'deploy/rollout-v2,filesystem/rename-symbol-v1', '--seeds', '0-3', '--concurrency', '2'];
const recordedIn = (out: string) => (existsSync(join(out, 'episodes.jsonl')) ? episodeLines(out).length : 0);

describe('fatal provider errors through the CLI', () => {
  it('a rejected key stops the run at once with exit code 2, naming OPENAI_API_KEY', async () => {
    const server = await startScriptedModelServer({ respond: oracleReplayResponder(), apiKey: 'sk-right' });
    const out = join(dir, 'wrong-key');
    const wrongKey = 'sk-fake-wrong-5d1e0c';
    try {
      const r = await runCli(['run', '--team', 'llm', '--model', 'm', ...GRID, '--out', out], {
        OPENAI_API_KEY: wrongKey,
        OPENAI_BASE_URL: server.url,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/rejected the API key in \$OPENAI_API_KEY \(HTTP 401\)/);
      expect(r.stderr).not.toContain(wrongKey);
      expect(r.seconds).toBeLessThan(10);
      // 8 episodes planned, 2 in flight: the first 401 stops the run, nothing is retried.
      expect(recordedIn(out)).toBeLessThanOrEqual(2);
      expect(server.requests.every((q) => !q.authorized)).toBe(true);
      expect(server.requests.length).toBeLessThanOrEqual(2);
      expect(filesContaining([out], wrongKey)).toEqual([]);
      console.log(
        `e2e wrong key: exit ${r.code} after ${r.seconds.toFixed(1)} s, ${server.requests.length} requests, ${recordedIn(out)} episodes recorded`,
      );
    } finally {
      await server.close();
    }
  });

  it('an unknown model stops the run at once with exit code 2, naming the model', async () => {
    const server = await startScriptedModelServer({ respond: oracleReplayResponder(), models: ['m'] });
    const out = join(dir, 'unknown-model');
    try {
      const r = await runCli(['run', '--team', 'llm', '--model', 'nope', ...GRID, '--out', out], {
        OPENAI_API_KEY: 'sk-fake-x',
        OPENAI_BASE_URL: server.url,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/Unknown model "nope" at http:\/\/127\.0\.0\.1:\d+\/v1/);
      expect(r.stderr).toContain('check --model');
      expect(r.seconds).toBeLessThan(10);
      expect(recordedIn(out)).toBeLessThanOrEqual(2);
      expect(server.requests.length).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it('no key and no base URL is a clear error before any episode', async () => {
    const out = join(dir, 'no-key');
    const r = await runCli(['run', '--team', 'llm', '--model', 'm', ...GRID, '--out', out], {});
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/\$OPENAI_API_KEY is not set: no API key\. Fix: export OPENAI_API_KEY=/);
    expect(recordedIn(out)).toBe(0);
  });
});
