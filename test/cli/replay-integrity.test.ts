/**
 * `faultline replay DIR` checks every file and every line of a run and lists all that differ;
 * a resume re-runs what failed and says how many and why; a resume or replay with other seeds
 * says both values in words a user can act on; the report still reads the run. (The run and the
 * resume happen in process; replay is spawned once, its other invocations run the CLI in process.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation, type RunOptions, type RunStartInfo } from '../../src/run/runner.js';
import { writeReport } from '../../src/report/html/write.js';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-replay-integrity-'));
const out = join(dir, 'run');
const PLAN: RunOptions = { envs: ['deploy/rollout-v2'], teams: ['oracle', 'noop'], seeds: [0, 1, 2, 3], out };
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

beforeAll(async () => {
  loadBuiltins();
  await runEvaluation(PLAN);
});

describe('replay DIR', () => {
  it('lists every file and line that differs — and a file recorded with another seed — then exits 1', async () => {
    const text = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n');
    const rs = text.map((l) => parseJson<Line>(l));
    const file = (team: string, seed: number) =>
      join(out, rs.find((r) => r.team === team && r.seed === seed)!.trajectoryFile);
    // A copy of an intact file whose header names another seed.
    const lines = readFileSync(file('noop', 0), 'utf8').split('\n');
    lines[0] = JSON.stringify({ ...parseJson<Record<string, unknown>>(lines[0]!), seed: 9 });
    const otherSeed = join(dir, 'other-seed.jsonl');
    writeFileSync(otherSeed, lines.join('\n'));
    // Three bad trajectories and one edited line.
    const cut = readFileSync(file('oracle', 0), 'utf8');
    writeFileSync(file('oracle', 0), cut.slice(0, cut.length - 30));
    const edited = readFileSync(file('oracle', 1), 'utf8').split('\n');
    edited[1] = edited[1]!.replace(/"reward":[-0-9.e]+/, '"reward":7');
    writeFileSync(file('oracle', 1), edited.join('\n'));
    writeFileSync(file('oracle', 2), 'not a trajectory\n');
    const line = parseJson<Record<string, unknown>>(text[1]!);
    text[1] = JSON.stringify({ ...line, success: !line['success'] });
    writeFileSync(join(out, 'episodes.jsonl'), `${text.join('\n')}\n`);

    const r = cli(['replay', out, otherSeed]);
    console.log(r.stdout);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^TRUNCATED .*oracle__s0__t0: the last line has no newline/m);
    expect(r.stdout).toMatch(/^MISMATCH {2}.*oracle__s1__t0: the trajectory file's checksum does not match/m);
    expect(r.stdout).toMatch(/^DIVERGED {2}.*oracle__s1__t0 at step 1, reward/m);
    expect(r.stdout).toMatch(/^UNREADABLE .*oracle__s2__t0: .*not valid JSON/m);
    expect(r.stdout).toMatch(/^BAD LINE {2}.*episodes\.jsonl:2 \(.*\): the line's checksum does not match/m);
    expect(r.stdout).toMatch(/^ok {8}.*oracle__s3__t0/m);
    expect(r.stdout).toMatch(/^DIVERGED .*noop__s0__t0 at step 0, observation/m);
    expect(r.stdout).toMatch(/not the one deploy\/rollout-v2 gives for seed 9 .*recorded with another seed/);
    expect(r.stdout).toMatch(
      /5\/9 trajectories replayed identically; 1 line\(s\) of episodes\.jsonl failed their checks/,
    );

    const json = await cliInProcess(['replay', out, '--json']);
    expect(json.code).toBe(1);
    const parsed = parseJson<{ trajectories: Array<{ ok: boolean }>; records: unknown[] }>(json.stdout);
    expect(parsed.trajectories.filter((t) => !t.ok)).toHaveLength(3);
    expect(parsed.records).toHaveLength(1);
  });

  it('a resume re-runs what failed, says how many and why, and the run then replays and reports cleanly', async () => {
    let info: RunStartInfo | undefined;
    const { ran } = await runEvaluation({ ...PLAN, resume: true, onStart: (i) => (info = i) });
    expect(ran).toBe(4);
    expect(info).toMatchObject({ planned: 8, recorded: 4, discarded: 4, unverified: 0 });
    expect(info!.discardedReasons).toContain("1: the line's checksum does not match its content");
    const replay = await cliInProcess(['replay', out]);
    expect(replay.code, replay.stdout).toBe(0);
    expect(replay.stdout).toMatch(/8\/8 trajectories replayed identically\n$/);
    expect(readFileSync(writeReport(out), 'utf8')).toContain('<html');
  });

  it('a resume with other seeds names both seed lists and the flag that matches', async () => {
    await expect(runEvaluation({ ...PLAN, seeds: [0, 1, 5], resume: true })).rejects.toThrow(
      'seeds: the recorded run has 0-3 (4 seeds), this command has 0-1,5 (3 seeds); pass --seeds 0-3 to match the recorded run.',
    );
  });
});
