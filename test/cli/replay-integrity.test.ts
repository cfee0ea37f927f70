/**
 * `faultline replay DIR` checks every file and every line of a run and lists all that differ;
 * `run --resume` says how many records it re-runs and why; a resume or replay with other seeds
 * says both values in words a user can act on; `report` still reads the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../support/json.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const RUN = ['run', '--env', 'deploy/rollout-v1', '--team', 'oracle,noop', '--seeds', '0-3'];
const dir = mkdtempSync(join(tmpdir(), 'faultline-replay-integrity-'));
const out = join(dir, 'run');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Line {
  id: string;
  seed: number;
  team: string;
  trajectoryFile: string;
}

beforeAll(() => {
  const r = cli([...RUN, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
});

describe('replay DIR', () => {
  it('lists every file and line that differs, then exits 1', () => {
    const text = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n');
    const rs = text.map((l) => parseJson<Line>(l));
    const file = (team: string, seed: number) =>
      join(out, rs.find((r) => r.team === team && r.seed === seed)!.trajectoryFile);
    const cut = readFileSync(file('oracle', 0), 'utf8');
    writeFileSync(file('oracle', 0), cut.slice(0, cut.length - 30));
    const edited = readFileSync(file('oracle', 1), 'utf8').split('\n');
    edited[1] = edited[1]!.replace(/"reward":[-0-9.e]+/, '"reward":7');
    writeFileSync(file('oracle', 1), edited.join('\n'));
    writeFileSync(file('oracle', 2), 'not a trajectory\n');
    const line = parseJson<Record<string, unknown>>(text[1]!);
    text[1] = JSON.stringify({ ...line, success: !line['success'] });
    writeFileSync(join(out, 'episodes.jsonl'), `${text.join('\n')}\n`);

    const r = cli(['replay', out]);
    console.log(r.stdout);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^TRUNCATED .*oracle__s0__t0: the last line has no newline/m);
    expect(r.stdout).toMatch(/^MISMATCH {2}.*oracle__s1__t0: the trajectory file's checksum does not match/m);
    expect(r.stdout).toMatch(/^DIVERGED {2}.*oracle__s1__t0 at step 1, reward/m);
    expect(r.stdout).toMatch(/^UNREADABLE .*oracle__s2__t0: .*not valid JSON/m);
    expect(r.stdout).toMatch(/^BAD LINE {2}.*episodes\.jsonl:2 \(.*\): the line's checksum does not match/m);
    expect(r.stdout).toMatch(/^ok {8}.*oracle__s3__t0/m);
    expect(r.stdout).toMatch(
      /5\/8 trajectories replayed identically; 1 line\(s\) of episodes\.jsonl failed their checks/,
    );

    const json = cli(['replay', out, '--json']);
    expect(json.code).toBe(1);
    const parsed = parseJson<{ trajectories: Array<{ ok: boolean }>; records: unknown[] }>(json.stdout);
    expect(parsed.trajectories.filter((t) => !t.ok)).toHaveLength(3);
    expect(parsed.records).toHaveLength(1);
  });

  it('run --resume re-runs what failed, says how many and why, and the run replays and reports cleanly', () => {
    const r = cli([...RUN, '--out', out, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    console.log(r.stderr.split('\n')[0]);
    expect(r.stderr).toMatch(
      /4 episodes to run \(8 planned, 4 already recorded, 4 record\(s\) discarded and redone — .*1: the line's checksum does not match/,
    );
    const replay = cli(['replay', out]);
    expect(replay.code, replay.stdout).toBe(0);
    expect(replay.stdout).toMatch(/8\/8 trajectories replayed identically\n$/);
    const report = cli(['report', out]);
    expect(report.code, report.stderr).toBe(0);
  });
});

describe('seed mismatches', () => {
  it('a resume with other seeds names both seed lists and the flag that matches', () => {
    const r = cli([...RUN.slice(0, -1), '0-1,5', '--out', out, '--resume']);
    expect(r.code).toBe(2);
    console.log(r.stderr.trim());
    expect(r.stderr).toContain(
      'seeds: the recorded run has 0-3 (4 seeds), this command has 0-1,5 (3 seeds); pass --seeds 0-3 to match the recorded run.',
    );
  });

  it('a trajectory whose header names another seed: replay says which seed and what to do', () => {
    const text = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n');
    const file = join(out, parseJson<Line>(text[0]!).trajectoryFile);
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = parseJson<Record<string, unknown>>(lines[0]!);
    lines[0] = JSON.stringify({ ...header, seed: 9 });
    const copy = join(dir, 'other-seed.jsonl');
    writeFileSync(copy, lines.join('\n'));
    const r = cli(['replay', copy]);
    expect(r.code).toBe(1);
    console.log(r.stdout.trim());
    expect(r.stdout).toMatch(/DIVERGED .* at step 0, observation/);
    expect(r.stdout).toMatch(/not the one deploy\/rollout-v1 gives for seed 9 .*recorded with another seed/);
  });
});
