/**
 * Blame stays honest when no single action is to blame: a team that makes two mistakes, either
 * of which fails the episode alone, has no decisive step — blame must say so, and must never
 * name a step other than one of the mistakes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { blameRun } from '../../../src/run/blame/run-blame.js';
import { runEvaluation } from '../../../src/run/runner.js';
import { BUILTINS_SETUP } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import { twoMistakesTeam, type MistakeReport } from '../../fixtures/two-mistakes-team.js';

const FIXTURE = pathToFileURL(resolve('test/fixtures/two-mistakes-team.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'faultline-blame-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('blame with two mistakes', () => {
  it('names one of the mistakes or no step at all, and no step when both do damage', async () => {
    loadBuiltins();
    const run = await runEvaluation({
      envs: ['filesystem/rename-symbol-v1', 'flaky-api/migrate-records-v1', 'deploy/rollout-v2'],
      teams: ['two-mistakes'],
      seeds: [0, 1, 2, 3],
      perturb: 'clean',
      out: dir,
      setup: [BUILTINS_SETUP],
      imports: [FIXTURE],
      keepRecords: true,
    });
    const report = await blameRun({ dir, workers: 2 });
    expect(report.failed).toBeGreaterThanOrEqual(6);
    let undecided = 0;
    for (const e of report.episodes) {
      const record = run.records.find((r) => r.id === e.episode);
      const mistakes: MistakeReport[] = [];
      await runEpisode({
        env: record?.envId ?? '',
        seed: record?.seed ?? 0,
        perturb: 'clean',
        team: twoMistakesTeam((m) => mistakes.push(m)),
      });
      expect(mistakes.length, e.episode).toBe(2);
      if (e.step === null) undecided++;
      else
        expect(
          mistakes.map((m) => m.step),
          e.episode,
        ).toContain(e.step);
    }
    expect(undecided).toBeGreaterThan(0);
  }, 300_000);
});
