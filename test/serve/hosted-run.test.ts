/**
 * HostedRun: a run directory written episode by episode by a server. Trials for repeated keys,
 * clear errors for a trial already taken, every file rewritten as episodes end, and a directory
 * that `faultline report`, `compare` and `replay` read like any run — also after a resume and
 * after a torn last line.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { HostedRun } from '../../src/serve/hosted-run.js';
import type { RunManifest } from '../../src/run/manifest.js';
import type { RunSummary } from '../../src/run/summary.js';
import { cliInProcess } from '../support/cli.js';

const ENV = 'flaky-api/migrate-records-v1';
const MAX_ACTION_BYTES = 262_144;
const dirs: string[] = [];

beforeAll(() => loadBuiltins());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-hosted-'));
  dirs.push(dir);
  return dir;
}

/** The oracle's episode under a hosted team name (a server records what its clients played). */
async function played(seed: number, trial: number): Promise<EpisodeResult> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('the oracle team is not registered');
  const result = await runEpisode({ env: ENV, team: oracle, seed, trial, perturb: 'production' });
  return { ...result, team: 'hosted' };
}

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const lines = (dir: string): string[] =>
  readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
const episodesIn = (dir: string): number =>
  json<RunSummary>(join(dir, 'summary.json')).cells.reduce((n, c) => n + c.episodes, 0);

describe('HostedRun', () => {
  it('refuses a directory holding a run unless resumed; a fresh one is readable at once', () => {
    const dir = tempDir();
    const run = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES });
    expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({ status: 'running', recorded: 0 });
    expect(episodesIn(dir)).toBe(0);
    // While it is open, a second writer is refused whatever it asks; once closed, the run is kept.
    expect(() => HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, resume: true })).toThrow(
      /is in use by a faultline server/,
    );
    run.close();
    expect(() => HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES })).toThrow(
      /--out: got ".*", expected a new or empty directory, but it already holds a complete run .*Fix: pass --resume to add this server's episodes/,
    );
    expect(() => HostedRun.open(dir, { maxActionBytes: 1000, resume: true })).toThrow(
      /maxActionBytes is 262144, this server's is 1000/,
    );
    HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, resume: true }).close();
    expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({ status: 'complete', resumes: 1 });
  });

  it('starts over in a directory holding a run with overwrite, never together with resume', async () => {
    const dir = tempDir();
    const first = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES });
    const record = first.record(await played(6, first.reserve({ envId: ENV, team: 'hosted', seed: 6 })), 60);
    first.close();
    expect(() => HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES })).toThrow(/--resume .*--overwrite/);
    expect(() => HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, resume: true, overwrite: true })).toThrow(
      /--overwrite: .*not together with --resume/,
    );
    const replaced = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, overwrite: true });
    expect(replaced.recorded).toEqual([]);
    expect(existsSync(join(dir, record.trajectoryFile))).toBe(false);
    expect(lines(dir)).toHaveLength(0);
    replaced.close();
    expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({ status: 'complete', recorded: 0, resumes: 0 });

    // Trajectories alone are a run too (a run that lost its index), as for `faultline run`.
    const orphans = tempDir();
    mkdirSync(join(orphans, 'trajectories'));
    writeFileSync(join(orphans, 'trajectories', 'x.jsonl'), '{}\n');
    expect(() => HostedRun.open(orphans, { maxActionBytes: MAX_ACTION_BYTES })).toThrow(
      /already holds a run \(its trajectories\/\)/,
    );
  });

  it('gives repeated keys trials 0, 1, 2; an asked-for trial already taken is a clear error; release frees it', () => {
    const run = HostedRun.open(tempDir(), { maxActionBytes: MAX_ACTION_BYTES });
    const key = { envId: ENV, team: 'hosted', seed: 4 };
    expect([run.reserve(key), run.reserve(key), run.reserve(key)]).toEqual([0, 1, 2]);
    expect(() => run.reserve({ ...key, trial: 1 })).toThrow(
      /flaky-api\.migrate-records-v1__hosted__s4__t1 is already recorded or playing.*leave the trial out/,
    );
    expect(run.reserve({ ...key, trial: 7 })).toBe(7);
    run.release({ ...key, trial: 1 });
    expect(run.reserve(key)).toBe(1);
    expect(run.reserve({ ...key, variant: 1 })).toBe(0);
    expect(() => run.reserve({ ...key, team: '../x' })).toThrow(/episode key team/);
    run.close();
  });

  it('records episodes that report, compare and replay read; a duplicate is refused and nothing is written', async () => {
    const dir = tempDir();
    const run = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES });
    const key = { envId: ENV, team: 'hosted', seed: 1 };
    for (let i = 0; i < 2; i++) {
      const trial = run.reserve(key);
      const result = await played(1, trial);
      const record = run.record(result, 60);
      expect(record.id).toBe(`flaky-api.migrate-records-v1__hosted__s1__t${trial}`);
      expect(existsSync(join(dir, record.trajectoryFile))).toBe(true);
      // Every file is rewritten after every episode (no interval set).
      expect(lines(dir)).toHaveLength(i + 1);
      expect(episodesIn(dir)).toBe(i + 1);
      expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({
        status: 'running',
        recorded: i + 1,
        config: { envs: [ENV], teams: ['hosted'], seeds: [1], trials: i + 1, perturb: 'production' },
      });
    }
    const again = await played(1, 0);
    expect(() => run.record(again, 60)).toThrow(/__t0 is already recorded/);
    expect(lines(dir)).toHaveLength(2);
    run.close();
    const late = await played(1, 5);
    expect(() => run.record(late, 60)).toThrow(/closed/);
    expect(json<RunManifest>(join(dir, 'run.json')).status).toBe('complete');

    const replay = await cliInProcess(['replay', dir]);
    expect(replay.stdout).toContain('2/2 trajectories replayed identically');
    expect(replay.code).toBe(0);
    const report = await cliInProcess(['report', dir]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('hosted');

    // The same episodes run in-process by the oracle pair with the hosted ones.
    const baseline = tempDir();
    const built = await cliInProcess([
      'run',
      '--env',
      ENV,
      '--team',
      'oracle',
      '--seeds',
      '1',
      '--trials',
      '2',
      '--perturb',
      'production',
      '--out',
      baseline,
    ]);
    expect(built.code).toBe(0);
    const compare = await cliInProcess(['compare', baseline, dir, '--json']);
    expect(compare.code).toBe(0);
    expect(JSON.parse(compare.stdout)).toMatchObject({ shared: 2, onlyA: 0, onlyB: 0 });
  }, 60_000);

  it('resumes with earlier episodes kept, a torn last line cut off, and the next trial free', async () => {
    const dir = tempDir();
    const first = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES });
    const key = { envId: ENV, team: 'hosted', seed: 2 };
    first.record(await played(2, first.reserve(key)), 60);
    // The server died while appending a second line. Its lock, left behind, named a process that is
    // gone (test/run/run-lock.test.ts takes such a lock over); this one is this thread's, so it goes.
    appendFileSync(join(dir, 'episodes.jsonl'), '{"id":"flaky-api.migrate-records-v1__hosted__s2__t1","tr');
    rmSync(join(dir, 'run.lock'));

    const resumed = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, resume: true });
    expect(resumed.recorded.map((r) => r.id)).toEqual(['flaky-api.migrate-records-v1__hosted__s2__t0']);
    expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8').endsWith('}\n')).toBe(true);
    expect(episodesIn(dir)).toBe(1);
    const trial = resumed.reserve(key);
    expect(trial).toBe(1);
    resumed.record(await played(2, trial), 60);
    resumed.close();
    expect(lines(dir)).toHaveLength(2);
    expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({ status: 'complete', recorded: 2, resumes: 1 });
    expect((await cliInProcess(['replay', dir])).code).toBe(0);
  });

  it('with an index interval, rewrites the summary once per interval and at close', async () => {
    const dir = tempDir();
    const key = { envId: ENV, team: 'hosted', seed: 3 };
    const results = [await played(3, 0), await played(3, 1), await played(3, 2)];
    const run = HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, indexIntervalMs: 300 });
    for (const r of results) run.record(r, 60);
    expect(lines(dir)).toHaveLength(3);
    // The first episode came well within the interval of the open: nothing rewritten yet.
    expect(episodesIn(dir)).toBeLessThan(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(episodesIn(dir)).toBe(3);
    run.record(await played(3, run.reserve(key)), 60);
    run.close();
    expect(episodesIn(dir)).toBe(4);
    expect(json<RunManifest>(join(dir, 'run.json'))).toMatchObject({ status: 'complete', recorded: 4 });
    expect(() => HostedRun.open(dir, { maxActionBytes: MAX_ACTION_BYTES, indexIntervalMs: -1 })).toThrow(
      /indexIntervalMs/,
    );
  });
});
