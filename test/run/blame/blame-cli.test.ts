import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import type { BlameReport } from '../../../src/run/blame/run-blame.js';
import { whereDefectActs, type OneDefectTeamId } from '../../../src/run/blame/validity-teams.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { cliInProcess } from '../../support/cli.js';

const ENVS = 'filesystem/rename-symbol-v1,flaky-api/reconcile-refunds-v1';
const TEAMS = 'own-mistake,fact-drop-silent';

let dir: string;
let report: BlameReport;

beforeAll(async () => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-blame-'));
  const run = await cliInProcess([
    'run',
    '--env',
    ENVS,
    '--team',
    TEAMS,
    '--seeds',
    '0-3',
    '--import',
    'test/fixtures/one-defect-teams.ts',
    '--out',
    dir,
  ]);
  expect(run.stderr).toContain('episodes 16/16');
  const blamed = await cliInProcess(['blame', dir, '--json']);
  expect(blamed.code).toBe(0);
  report = JSON.parse(blamed.stdout) as BlameReport;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('faultline blame', () => {
  it("names the role and step where each team's one defect acted, in every failed episode", async () => {
    const { records } = readRecordedEpisodes(dir);
    const failed = records.filter((r) => r.outcome === 'failure');
    expect(failed.length).toBeGreaterThanOrEqual(8);
    expect(report.episodes.map((e) => e.episode)).toEqual(failed.map((r) => r.id));
    for (const record of failed) {
      const defect = await whereDefectActs(record.team as OneDefectTeamId, record);
      expect(defect, record.id).not.toBeNull();
      const blame = report.episodes.find((e) => e.episode === record.id);
      expect({ episode: record.id, role: blame?.role, step: blame?.step }).toEqual({
        episode: record.id,
        ...defect,
      });
      expect(blame?.reproduced).toBe(true);
      expect(blame?.flips).toContainEqual({ kind: 'step', step: blame?.step, role: blame?.role });
    }
    expect(report.decided).toBe(failed.length);
    expect(JSON.parse(readFileSync(join(dir, 'blame.json'), 'utf8'))).toEqual(report);
  }, 60_000);

  it('gives the same result on any number of threads and episodes at once', async () => {
    const again = await cliInProcess(['blame', dir, '--json', '--workers', '2', '--concurrency', '3']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(report);
  }, 60_000);

  it('prints a table, the per-role tally and the comparison with the metrics', async () => {
    const one = report.episodes[0]?.episode ?? '';
    const text = await cliInProcess(['blame', dir, '--episode', one]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(one);
    expect(text.stdout).toMatch(/replacing \w+ fixes \d+ of \d+ failures? it acted in/);
    expect(text.stdout).toContain("metrics' primary cause");
    expect(text.stdout).toContain('A single corrected action flips 1 of 1 failure');
    // Blaming one episode again keeps the rest of the run's blame in blame.json.
    expect(JSON.parse(readFileSync(join(dir, 'blame.json'), 'utf8'))).toEqual(report);
  }, 60_000);

  it('refuses bad input with the field, the value and the fix', async () => {
    const unknown = await cliInProcess(['blame', dir, '--episode', '../../etc/passwd']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--episode');
    expect(unknown.stderr).toContain('../../etc/passwd');
    const record = await cliInProcess(['blame', dir, '--llm-cache', dir, '--llm-cache-mode', 'record']);
    expect(record.code).not.toBe(0);
    expect(record.stderr).toMatch(/--llm-cache-mode.*record/s);
    const reference = await cliInProcess(['blame', dir, '--reference', 'nobody']);
    expect(reference.code).not.toBe(0);
    expect(reference.stderr).toMatch(/--reference.*nobody.*oracle/s);
    const notRun = await cliInProcess(['blame', join(dir, 'trajectories')]);
    expect(notRun.code).not.toBe(0);
    expect(notRun.stderr).toContain('run.json');
    expect(existsSync(join(dir, 'trajectories', 'blame.json'))).toBe(false);
  });

  it('blames a mixed team file whose one non-reference role is at fault, and refuses one that plays outside faultline', async () => {
    const file = join(dir, 'mixed-own.yaml');
    writeFileSync(
      file,
      'id: mixed-own\nroles:\n  planner: { kind: oracle }\n  executor: { kind: team, team: own-mistake }\n  reviewer: { kind: oracle }\n',
    );
    const out = join(dir, 'mixed');
    const run = await cliInProcess([
      'run',
      '--env',
      ENVS,
      '--seeds',
      '0-5',
      '--team-file',
      file,
      '--import',
      'test/fixtures/one-defect-teams.ts',
      '--out',
      out,
    ]);
    expect(run.stderr).toContain('episodes 12/12');
    const blamed = await cliInProcess(['blame', out, '--team-file', file, '--json', '--workers', '2']);
    expect(blamed.code, blamed.stderr).toBe(0);
    const mixed = JSON.parse(blamed.stdout) as BlameReport;
    expect(mixed.failed).toBeGreaterThan(0);
    for (const e of mixed.episodes) expect([e.episode, e.role]).toEqual([e.episode, 'executor']);

    const remote = join(dir, 'mixed-remote.yaml');
    writeFileSync(
      remote,
      'id: mixed-own\nroles:\n  planner: { kind: oracle }\n  executor: { kind: a2a, url: "http://127.0.0.1:9/card.json" }\n  reviewer: { kind: oracle }\n',
    );
    const refused = await cliInProcess(['blame', out, '--team-file', remote]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--team-file');
    expect(refused.stderr).toContain('outside faultline');
  }, 120_000);
});
