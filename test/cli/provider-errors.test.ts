/**
 * Provider failures are not team failures. An episode whose model provider could not be reached
 * is kept out of pass rates, listed at the end of the run and run again by `--resume`; a fatal
 * provider error (a rejected key) stops the run at once with its message and exit code 2, on the
 * main thread and from a worker, and what was recorded stays.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';
import type { RunSummary } from '../../src/run/summary.js';
import type { RunManifest } from '../../src/run/manifest.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';

const MODULE = join(import.meta.dirname, '../fixtures/model-teams.ts');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-provider-'));
  process.env['FAULTLINE_FIXTURE_MARKERS'] = join(dir, 'markers');
});
afterAll(() => {
  delete process.env['FAULTLINE_FIXTURE_MARKERS'];
  rmSync(dir, { recursive: true, force: true });
});

const lines = (out: string) =>
  readFileSync(join(out, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseJson<{ id: string; seed: number; outcome: string }>(l));

describe('provider errors', () => {
  it('lists the episodes that could not reach the provider, keeps them out of pass rates, and re-runs them on --resume', async () => {
    const out = join(dir, 'flaky');
    const args = [
      'run',
      '--env',
      'deploy/rollout-v2',
      '--team',
      'fixture-flaky-provider',
      '--seeds',
      '0-3',
      '--trials',
      '2',
      '--concurrency',
      '4',
      '--import',
      MODULE,
      '--out',
      out,
    ];
    const first = await cliInProcess(args);
    expect(first.code).toBe(0);
    const failed = lines(out).filter((l) => l.outcome === 'provider_error');
    expect(failed.map((l) => l.seed).sort()).toEqual([1, 1, 3, 3]);
    expect(first.stderr).toContain(
      `4 episodes could not reach the model provider: ${failed
        .map((l) => l.id)
        .sort()
        .join(', ')}; re-run them with --resume`,
    );
    const before = parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8')).cells[0]!;
    expect(before.outcomes.provider_error).toBe(4);
    // Kept out of pass^k: the four successes make every task that was measured pass.
    expect(before.consistency.passHat.at(-1)?.value).toBe(1);

    // Concurrency is not part of the config: a resume may change it.
    const resumed = await cliInProcess([...args.map((a) => (a === '4' ? '2' : a)), '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(
      '4 episodes to run (8 planned, 4 already recorded, 4 that could not reach the model provider run again)',
    );
    expect(resumed.stderr).not.toContain('could not reach the model provider:');
    const after = lines(out);
    expect(after).toHaveLength(8);
    expect(after.every((l) => l.outcome === 'success')).toBe(true);
    const summary = parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8')).cells[0]!;
    expect(summary.outcomes.provider_error).toBe(0);
    expect(summary.successes).toBe(8);
    // Every trajectory on disk belongs to a recorded line (the re-run replaced the failed ones).
    expect(readdirSync(join(out, 'trajectories')).length).toBe(8);
    const read = readRecordedEpisodes(out, { verifyTrajectories: true, requireChecksums: true });
    expect(read.discarded).toBe(0);
    expect(read.records).toHaveLength(8);
  }, 30_000);

  for (const workers of [1, 2]) {
    it(`a fatal provider error stops the run at once with its message and exit code 2 (${workers} worker${workers === 1 ? '' : 's'})`, async () => {
      const out = join(dir, `fatal-w${workers}`);
      const r = await cliInProcess([
        'run',
        '--env',
        'deploy/rollout-v2',
        '--team',
        'fixture-fatal-provider',
        '--seeds',
        '0-7',
        '--workers',
        String(workers),
        '--concurrency',
        '2',
        '--import',
        MODULE,
        '--out',
        out,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /faultline: The provider rejected the API key \(401 Unauthorized\): check OPENAI_API_KEY/,
      );
      expect(existsSync(join(out, 'summary.json'))).toBe(false);
      const manifest = parseJson<RunManifest>(readFileSync(join(out, 'run.json'), 'utf8'));
      expect(manifest.status).toBe('interrupted');
      const recorded = lines(out);
      // Stopped at once: seed 1 is never recorded, and far from every episode ran.
      expect(recorded.map((l) => l.seed)).not.toContain(1);
      expect(recorded.length).toBeLessThan(8);
      expect(recorded.every((l) => l.outcome === 'success')).toBe(true);
    }, 30_000);
  }
});
