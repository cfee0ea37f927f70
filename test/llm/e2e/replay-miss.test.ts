/**
 * A replay that finds no recorded answer makes no live call: through the real CLI, each episode
 * is recorded as `provider_error` with a message naming the episode and request, listed at the
 * end of the run and kept out of pass rates; `--resume` in `auto` mode with the server up then
 * runs exactly those episodes and completes the run.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oracleReplayResponder, startScriptedModelServer } from '../../../src/testing/index.js';
import type { RunSummary } from '../../../src/run/summary.js';
import { parseJson } from '../../support/json.js';
import { episodeLines, runCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-miss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summaryOf = (out: string) => parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8'));

describe('a replay miss', () => {
  it('is a provider_error episode, listed and out of pass rates, that --resume in auto mode completes', async () => {
    const cassettes = join(dir, 'empty');
    mkdirSync(cassettes);
    const out = join(dir, 'run');
    const args = ['run', '--team', 'llm', '--model', 'm', '--env', 'deploy/rollout-v1', '--seeds', '0-1'];
    const server = await startScriptedModelServer({ respond: oracleReplayResponder() });
    try {
      const miss = await runCli([...args, '--llm-cache', cassettes, '--llm-cache-mode', 'replay', '--out', out], {
        OPENAI_BASE_URL: server.url,
      });
      expect(miss.code, miss.stderr).toBe(0);
      // Replay never calls the provider, even when it is up.
      expect(server.requests).toHaveLength(0);
      const failed = episodeLines(out);
      expect(failed.map((l) => l.outcome)).toEqual(['provider_error', 'provider_error']);
      const ids = failed.map((l) => l.id).sort();
      expect(miss.stderr).toContain(
        `2 episodes could not reach the model provider: ${ids.join(', ')}; re-run them with --resume`,
      );
      const cell = summaryOf(out).cells[0]!;
      expect(cell.outcomes.provider_error).toBe(2);
      expect(cell.successes).toBe(0);
      // No measured episode: no pass rate, rather than 0 %.
      expect(cell.consistency.passHat).toEqual([]);
      // The error names the episode and the request, and says replay never calls the model.
      for (const id of ids) {
        const trajectory = readFileSync(join(out, 'trajectories', `${id}.jsonl`), 'utf8');
        expect(trajectory).toContain(`No recorded answer for episode ${id}, model call #1 (request key `);
        expect(trajectory).toContain('--llm-cache-mode replay never calls the model');
      }

      const resumed = await runCli(
        [...args, '--llm-cache', cassettes, '--llm-cache-mode', 'auto', '--out', out, '--resume'],
        { OPENAI_BASE_URL: server.url },
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain('that could not reach the model provider run again');
      expect(episodeLines(out).map((l) => l.outcome)).toEqual(['success', 'success']);
      const after = summaryOf(out).cells[0]!;
      expect(after.outcomes.provider_error).toBe(0);
      expect(after.successes).toBe(2);
      expect(server.requests.length).toBeGreaterThan(0);
      expect(readdirSync(cassettes).length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
