/**
 * The LLM team through the real CLI against the scripted server, which replays the oracle's
 * actions while injecting provider faults: a recording run completes every episode through
 * 429s, 5xx, dropped connections, malformed arguments, parallel tool calls and text-only
 * replies; then, with the server closed, a replay gives byte-identical results, also on another
 * concurrency and worker count. A fake key reaches no file, and every cell carries its usage.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  oracleReplayResponder,
  startScriptedModelServer,
  withFaults,
  type FaultPlan,
} from '../../../src/testing/index.js';
import type { RunSummary } from '../../../src/run/summary.js';
import { parseJson } from '../../support/json.js';
import { sized } from '../../support/sizes.js';
import { builtinEnvIds } from '../../support/envs.js';
import { episodeLines, faultCounts, filesContaining, recordedAttempts, resultFiles, runCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAKE_KEY = 'sk-fake-e2e-7f3c9a1d2b4e6f80';
const PERTURB = 'production';
/** Three envs of different worlds on seed 0 in `npm test`; the whole grid in the full suite. */
const GRID = sized(
  ['--env', 'deploy/rollout-v2,flaky-api/reconcile-refunds-v1,mock-web/compare-products-v1', '--seeds', '0'],
  // Every built-in env by name: `all` would also take the task-family fixtures other test files
  // register in this process, which the run's worker threads do not load.
  ['--env', builtinEnvIds().join(','), '--seeds', '0-1'],
);
/**
 * Every kind of fault on a share of the requests. A 429 asks for a 1 s wait in `retry-after` and
 * 30 ms in `retry-after-ms` (which a client honours first), so the test stays fast.
 */
const PLAN: FaultPlan = {
  rateLimit: { rate: 0.04, retryAfterSeconds: 1, headers: { 'retry-after-ms': '30' } },
  serverError: { rate: 0.04 },
  drop: { rate: 0.03 },
  malformedArguments: 0.04,
  textOnly: 0.04,
  parallel: 0.2,
};

describe('record then replay through the CLI', () => {
  it(
    'records every episode through provider faults, then replays it offline byte for byte',
    async () => {
      const server = await startScriptedModelServer({
        respond: withFaults(oracleReplayResponder({ perturb: PERTURB }), PLAN),
      });
      const cassettes = join(dir, 'cassettes');
      const A = join(dir, 'A');
      const common = ['run', '--team', 'llm', '--model', 'm', ...GRID, '--perturb', PERTURB, '--llm-cache', cassettes];
      const record = await runCli([...common, '--concurrency', '8', '--llm-cache-mode', 'record', '--out', A], {
        OPENAI_API_KEY: FAKE_KEY,
        OPENAI_BASE_URL: server.url,
      }).finally(() => server.close());
      expect(record.code, record.stderr).toBe(0);

      const faults = faultCounts(server.requests);
      for (const kind of ['rateLimit', 'serverError', 'drop', 'malformedArguments', 'textOnly', 'parallel'])
        expect(faults[kind] ?? 0, `${kind} injected (${JSON.stringify(faults)})`).toBeGreaterThan(0);
      const lines = episodeLines(A);
      const summary = parseJson<RunSummary>(readFileSync(join(A, 'summary.json'), 'utf8'));
      const planned = summary.cells.reduce((n, c) => n + c.episodes, 0);
      expect(lines).toHaveLength(planned);
      expect(lines.filter((l) => !l.success).map((l) => `${l.id}: ${l.outcome}`)).toEqual([]);
      for (const cell of summary.cells) {
        expect(cell.usage.calls, `${cell.env} calls`).toBeGreaterThan(0);
        expect(cell.usage.promptTokens).toBeGreaterThan(0);
        expect(cell.usage.costUsd).toBeNull();
      }
      // Each retried attempt the server saw is recorded as one, with its status (null: no answer).
      const retried = server.requests.length - new Set(server.requests.map((r) => `${r.episode}#${r.call}`)).size;
      const attempts = recordedAttempts(A);
      expect(attempts).toHaveLength(retried);
      expect(new Set(attempts.map((a) => a.status))).toEqual(new Set([429, 500, null]));
      // A 429 waits what `retry-after-ms` asks, not the backoff.
      expect(attempts.filter((a) => a.status === 429).every((a) => a.waitedMs === 30)).toBe(true);
      expect(lines.reduce((n, l) => n + (l.usage?.retries ?? 0), 0)).toBe(retried);
      expect(lines.reduce((n, l) => n + (l.usage?.calls ?? 0), 0)).toBe(server.requests.length - retried);
      console.log(
        `e2e record: ${lines.length} episodes, ${server.requests.length} requests (${retried} retried attempts), faults ${JSON.stringify(faults)}, ${record.seconds.toFixed(1)} s`,
      );

      // The server is closed: a replay is offline, and needs no key.
      const recorded = resultFiles(A);
      for (const [name, extra] of [
        ['B', ['--concurrency', '8']],
        ['C', ['--concurrency', '1', '--workers', '2']],
      ] as const) {
        const out = join(dir, name);
        const replay = await runCli([...common, ...extra, '--llm-cache-mode', 'replay', '--out', out], {});
        expect(replay.code, replay.stderr).toBe(0);
        const replayed = resultFiles(out);
        expect([...replayed.keys()]).toEqual([...recorded.keys()]);
        for (const [file, bytes] of recorded) expect(replayed.get(file)?.equals(bytes), `${name}/${file}`).toBe(true);
        console.log(`e2e replay ${extra.join(' ')}: ${replayed.size} files identical, ${replay.seconds.toFixed(1)} s`);
      }
      expect(filesContaining([A, join(dir, 'B'), join(dir, 'C'), cassettes], FAKE_KEY)).toEqual([]);
    },
    sized(30_000, 300_000),
  );
});
