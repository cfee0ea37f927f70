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
    const cassettes = join(dir, 'cassettes');
    mkdirSync(cassettes);
    const out = join(dir, 'run');
    const args = ['run', '--team', 'llm', '--model', 'm', '--env', 'deploy/rollout-v2'];
    const server = await startScriptedModelServer({ respond: oracleReplayResponder() });
    const vars = { OPENAI_BASE_URL: server.url };
    try {
      // Only seed 0 is in the cassettes.
      const seed0 = await runCli(
        [...args, '--seeds', '0', '--llm-cache', cassettes, '--llm-cache-mode', 'record', '--out', join(dir, 'seed0')],
        vars,
      );
      expect(seed0.code, seed0.stderr).toBe(0);
      const recordedCalls = server.requests.length;

      const replay = [...args, '--seeds', '0-2', '--llm-cache', cassettes, '--out', out];
      const miss = await runCli([...replay, '--llm-cache-mode', 'replay'], vars);
      expect(miss.code, miss.stderr).toBe(0);
      // Replay never calls the provider, even when it is up.
      expect(server.requests).toHaveLength(recordedCalls);
      const lines = episodeLines(out);
      expect(lines.map((l) => [l.seed, l.outcome])).toEqual([
        [0, 'success'],
        [1, 'provider_error'],
        [2, 'provider_error'],
      ]);
      const ids = lines.filter((l) => l.outcome === 'provider_error').map((l) => l.id);
      expect(miss.stderr).toContain(
        `2 episodes could not reach the model provider: ${ids.join(', ')}; re-run them with --resume`,
      );
      const cell = summaryOf(out).cells[0]!;
      expect(cell.outcomes.provider_error).toBe(2);
      // pass^1 is measured on seed 0 alone: the episodes that never reached a model are left out.
      expect(cell.consistency.passHat[0]).toMatchObject({ k: 1, value: 1 });
      // So is the success rate, and every failure-mode rate: 1 attempt, 1 success, 3 episodes.
      expect(cell).toMatchObject({ episodes: 3, successes: 1, successRate: 1 });
      expect(Object.values(cell.failureModes).every((rate) => rate === 0)).toBe(true);
      // The error names the episode and the request, and says replay never calls the model.
      for (const id of ids) {
        const trajectory = readFileSync(join(out, 'trajectories', `${id}.jsonl`), 'utf8');
        expect(trajectory).toContain(`No recorded answer for episode ${id}, model call #1 (request key `);
        expect(trajectory).toContain('--llm-cache-mode replay never calls the model');
      }

      const resumed = await runCli([...replay, '--llm-cache-mode', 'auto', '--resume'], vars);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(
        '2 episodes to run (3 planned, 1 already recorded, 2 that could not reach the model provider run again)',
      );
      expect(resumed.stderr).not.toContain('could not reach the model provider:');
      expect(episodeLines(out).map((l) => [l.seed, l.outcome])).toEqual([
        [0, 'success'],
        [1, 'success'],
        [2, 'success'],
      ]);
      const after = summaryOf(out).cells[0]!;
      expect(after.outcomes.provider_error).toBe(0);
      expect(after.successes).toBe(3);
      // Only the missing episodes called the model.
      const live = server.requests.slice(recordedCalls);
      expect(new Set(live.map((r) => r.episode))).toEqual(new Set(ids));
      expect(readdirSync(join(out, 'trajectories'))).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
