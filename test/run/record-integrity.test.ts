/**
 * Records that prove themselves: a resumed run re-runs every episode whose line or trajectory is
 * missing, cut short, edited or swapped — and says how many and why — and ends byte-identical to
 * a run never tampered with; runs recorded before checksums existed still resume, as unverified;
 * resume keeps the ids alone when asked, and cuts exactly the lines not kept.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation, type RunStartInfo } from '../../src/run/runner.js';
import { readRecordedEpisodes, RunRecorder } from '../../src/run/recorder.js';
import { mergeRuns } from '../../src/run/merge.js';
import { replayFile } from '../../src/run/replay.js';
import { checkSeal, contentChecksum } from '../../src/run/checksum.js';
import { checkTrajectoryFile } from '../../src/run/verify.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { parseJson } from '../support/json.js';

const PLAN = { envs: ['deploy/rollout-v2'], teams: ['oracle', 'noop'], seeds: [0, 1, 2, 3] };
const N = 8;

let root: string;
let reference: string;
beforeAll(async () => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-integrity-'));
  reference = join(root, 'reference');
  await runEvaluation({ ...PLAN, out: reference });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function lines(dir: string): string[] {
  return readFileSync(join(dir, 'episodes.jsonl'), 'utf8').split('\n').filter(Boolean);
}
function records(dir: string): EpisodeRecord[] {
  return lines(dir).map((l) => parseJson<EpisodeRecord>(l));
}
function copyOf(name: string): string {
  const dir = join(root, name);
  cpSync(reference, dir, { recursive: true });
  return dir;
}
async function resume(dir: string): Promise<{ info: RunStartInfo; ran: number }> {
  let info: RunStartInfo | undefined;
  const { ran } = await runEvaluation({ ...PLAN, out: dir, resume: true, onStart: (i) => (info = i) });
  return { info: info!, ran };
}
function expectSameAsReference(dir: string): void {
  expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8')).toBe(
    readFileSync(join(reference, 'episodes.jsonl'), 'utf8'),
  );
  expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(join(reference, 'summary.json'), 'utf8'));
  for (const f of readdirSync(join(reference, 'trajectories')))
    expect(readFileSync(join(dir, 'trajectories', f), 'utf8'), f).toBe(
      readFileSync(join(reference, 'trajectories', f), 'utf8'),
    );
}

/** Six ways a run directory goes bad, one episode each. */
function tamper(dir: string): void {
  const rs = records(dir);
  const text = lines(dir);
  // 1. A tampered but valid JSON line: the failed episode now claims success.
  const noop = rs.findIndex((r) => r.team === 'noop' && r.seed === 0);
  text[noop] = JSON.stringify({ ...rs[noop], success: true, outcome: 'success' });
  // 2. A trajectory cut short (the process died while writing it).
  const cut = join(dir, rs.find((r) => r.team === 'oracle' && r.seed === 0)!.trajectoryFile);
  const body = readFileSync(cut, 'utf8');
  writeFileSync(cut, body.slice(0, Math.floor(body.length / 2)));
  // 3. A step of a trajectory edited, still valid JSON.
  const edited = join(dir, rs.find((r) => r.team === 'oracle' && r.seed === 1)!.trajectoryFile);
  const steps = readFileSync(edited, 'utf8').split('\n');
  steps[2] = steps[2]!.replace(/"reward":[-0-9.e]+/, '"reward":1');
  writeFileSync(edited, steps.join('\n'));
  // 4. A trajectory deleted.
  unlinkSync(join(dir, rs.find((r) => r.team === 'oracle' && r.seed === 2)!.trajectoryFile));
  // 5. A trajectory replaced by another episode's intact file.
  const other = readFileSync(join(dir, rs.find((r) => r.team === 'noop' && r.seed === 2)!.trajectoryFile), 'utf8');
  writeFileSync(join(dir, rs.find((r) => r.team === 'noop' && r.seed === 1)!.trajectoryFile), other);
  // 6. A torn last line (the process died while appending it).
  writeFileSync(join(dir, 'episodes.jsonl'), `${text.join('\n')}\n${text[text.length - 1]!.slice(0, 40)}`);
}

describe('record checksums', () => {
  it('every line and trajectory of a run carries a checksum that verifies', () => {
    const rs = records(reference);
    expect(rs).toHaveLength(N);
    for (const r of rs) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(checkSeal(r)).toBe('verified');
      expect(r.checksum).toBe(contentChecksum(r));
      const check = checkTrajectoryFile(join(reference, r.trajectoryFile));
      expect(check.state).toBe('verified');
      expect(check.footer?.checksum).toBe(r.trajectoryChecksum);
    }
  });

  it('resume re-runs every missing, cut-short, edited or swapped episode, says why, and ends identical', async () => {
    const dir = copyOf('tampered');
    tamper(dir);
    const { info, ran } = await resume(dir);
    console.log(
      `resume of a tampered run: ${info.discarded} records discarded (${info.discardedReasons}); ${ran} episodes re-run`,
    );
    expect(info.discarded).toBe(6);
    expect(ran).toBe(5);
    for (const reason of [
      "1: the line's checksum does not match its content",
      "1: the trajectory file's checksum does not match its content",
      '1: the last line has no newline: the file was cut short',
      '1: the trajectory file is missing',
      '1: its trajectory header has id "deploy.rollout-v2__noop__s2__t0" where episodes.jsonl has "deploy.rollout-v2__noop__s1__t0"',
      '1: the last line was cut short',
    ])
      expect(info.discardedReasons).toContain(reason);
    expectSameAsReference(dir);
  });

  it('replay of a tampered trajectory says it was edited and still shows where it diverges', () => {
    const dir = copyOf('replay-edited');
    const r = records(dir).find((x) => x.team === 'oracle' && x.seed === 1)!;
    const file = join(dir, r.trajectoryFile);
    const steps = readFileSync(file, 'utf8').split('\n');
    steps[2] = steps[2]!.replace(/"reward":[-0-9.e]+/, '"reward":1');
    writeFileSync(file, steps.join('\n'));
    const report = replayFile(file);
    expect(report.ok).toBe(false);
    expect(report.integrity).toEqual({
      state: 'mismatch',
      reason: "the trajectory file's checksum does not match its content (edited?)",
    });
    expect(report.divergence).toMatchObject({ step: 2, field: 'reward' });
  });
});

describe('checksums removed', () => {
  it('from a run recorded with checksums: the lines are refused, not taken for an older run', async () => {
    const dir = copyOf('stripped');
    const text = lines(dir);
    const { checksum: _c, trajectoryChecksum: _t, ...rest } = records(dir)[0]!;
    writeFileSync(join(dir, 'episodes.jsonl'), `${[JSON.stringify(rest), ...text.slice(1)].join('\n')}\n`);
    const { info, ran } = await resume(dir);
    expect(info).toMatchObject({ discarded: 1, unverified: 0 });
    expect(info.discardedReasons).toContain('it has no checksum, though the run was recorded with checksums');
    expect(ran).toBe(1);
    expectSameAsReference(dir);
  });
});

describe('runs recorded before checksums', () => {
  it('resume keeps their episodes as unverified, with a count, and still finds what is cut short', async () => {
    const dir = copyOf('legacy');
    // run.json of a run recorded before checksums has no `checksums` field.
    const manifest = parseJson<Record<string, unknown>>(readFileSync(join(dir, 'run.json'), 'utf8'));
    delete manifest['checksums'];
    writeFileSync(join(dir, 'run.json'), JSON.stringify(manifest));
    const stripped = records(dir).map((r) => {
      const { checksum: _c, trajectoryChecksum: _t, ...rest } = r;
      const file = join(dir, r.trajectoryFile);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/,"checksum":"[0-9a-f]{64}"\}\n$/, '}\n'));
      return JSON.stringify(rest);
    });
    writeFileSync(join(dir, 'episodes.jsonl'), `${stripped.join('\n')}\n`);
    const last = records(dir).at(-1)!;
    const cut = join(dir, last.trajectoryFile);
    writeFileSync(cut, readFileSync(cut, 'utf8').split('\n').slice(0, 3).join('\n'));
    for (const r of records(dir).slice(0, -1))
      expect(replayFile(join(dir, r.trajectoryFile)).integrity?.state).toBe('unverified');
    const { info, ran } = await resume(dir);
    expect(info).toMatchObject({ discarded: 1, unverified: N - 1, recorded: N - 1 });
    expect(ran).toBe(1);
    // What was read back unverified stays so (never re-sealed); what was re-run is sealed.
    const after = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(after.problems).toEqual([]);
    expect(after.records.filter((r) => r.checksum !== undefined)).toHaveLength(1);
  });
});

describe('records read back', () => {
  it('a line naming a trajectory outside the run is refused, and merge stops naming the reason', () => {
    const dir = copyOf('escaping');
    const first = records(dir)[0]!;
    const { checksum: _c, ...rest } = { ...first, team: '../../../x' };
    const id = `deploy.rollout-v2__../../../x__s${first.seed}__t0`;
    const line = JSON.stringify({ ...rest, id, trajectoryFile: `trajectories/${id}.jsonl` });
    writeFileSync(join(dir, 'episodes.jsonl'), `${[line, ...lines(dir).slice(1)].join('\n')}\n`);
    const read = readRecordedEpisodes(dir);
    expect(read.records).toHaveLength(N - 1);
    expect(read.problems).toEqual([{ line: 1, id, reason: `its id ${JSON.stringify(id)} is not a file name` }]);
    expect(() => mergeRuns([dir], join(root, 'merged'))).toThrow(/1 episode record\(s\) of .* fail their checks/);
  });
});

describe('resume reads the records line by line', () => {
  it('refuses to resume a directory holding a record the run does not plan, keeping the record', async () => {
    const other = join(root, 'seed-9');
    await runEvaluation({ ...PLAN, teams: ['noop'], seeds: [9], out: other });
    const dir = copyOf('unplanned');
    const [line] = lines(other);
    const id = parseJson<EpisodeRecord>(line!).id;
    writeFileSync(join(dir, 'episodes.jsonl'), `${lines(dir).join('\n')}\n${line}\n`);
    cpSync(join(other, 'trajectories', `${id}.jsonl`), join(dir, 'trajectories', `${id}.jsonl`));
    await expect(resume(dir)).rejects.toThrow(
      `its episodes.jsonl holds 1 record of episodes this run does not plan (first: ${id})`,
    );
    expect(lines(dir)).toHaveLength(N + 1);
    expect(lines(dir).at(-1)).toBe(line);
  });

  it('returns the ids it keeps without their records, and cuts the lines to run again with the bad ones, verbatim otherwise', () => {
    const dir = copyOf('ids-only');
    const before = lines(dir);
    const again = records(dir).find((r) => r.seed === 1)!;
    writeFileSync(join(dir, 'episodes.jsonl'), `${before.join('\n')}\n{"id":"torn`);
    const opened = RunRecorder.resume(dir, { rerun: (r) => r.id === again.id, keepRecords: false });
    opened.recorder.close();
    expect(opened.recorded.records).toEqual([]);
    expect(opened.ids).toEqual(
      records(reference)
        .map((r) => r.id)
        .filter((id) => id !== again.id),
    );
    expect(opened.rerun.map((r) => r.id)).toEqual([again.id]);
    expect(opened.recorded.problems).toEqual([
      { line: N + 1, id: null, reason: 'the last line was cut short (a torn write)' },
    ]);
    expect(lines(dir)).toEqual(before.filter((line) => !line.includes(`"${again.id}"`)));
    // With records (the default), the same ones as the ids.
    const withRecords = RunRecorder.resume(copyOf('with-records'));
    withRecords.recorder.close();
    expect(withRecords.recorded.records.map((r) => r.id)).toEqual(withRecords.ids);
  });
});
