/**
 * `faultline run`'s test-runner habits, in process: `--bail N` stops after N failed episodes with
 * exit 3 and `--resume` finishes the run; `--episode` runs exactly the ids named; `--only-failed
 * DIR` runs again what failed there, with that run's flags; `--quiet` and `--verbose`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { formatEpisodeId, parseEpisodeId } from '../../src/run/episode-id.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-selection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = 'filesystem/rename-symbol-v1';
// brittle fails on seeds 1 and 2 of this env under production; oracle passes every seed.
const PLAN = ['--env', ENV, '--team', 'brittle,oracle', '--seeds', '0-5', '--perturb', 'production'];

interface Line {
  id: string;
  outcome: string;
}
function episodes(out: string): Line[] {
  return readFileSync(join(out, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseJson<Line>(l));
}
const manifest = (out: string) => parseJson<Record<string, unknown>>(readFileSync(join(out, 'run.json'), 'utf8'));

describe('--bail', () => {
  it('stops after N failed episodes with exit 3, records what ran, and --resume finishes the run', async () => {
    const full = join(dir, 'full');
    expect((await cliInProcess(['run', ...PLAN, '--out', full, '--quiet', '--json'])).code).toBe(0);
    const failedInFull = episodes(full).filter((e) => e.outcome !== 'success');
    expect(failedInFull.length).toBeGreaterThanOrEqual(2);

    const out = join(dir, 'bail');
    const r = await cliInProcess(['run', ...PLAN, '--out', out, '--bail', '1', '--quiet']);
    expect(r.code).toBe(EXIT.bailed);
    // The summary of what ran is printed as for a finished run.
    expect(r.stdout).toMatch(/brittle/);
    expect(r.stdout).toMatch(/Recorded \d+ episodes in /);
    expect(r.stderr).toMatch(/FAIL {2}filesystem\.rename-symbol-v1__brittle__s\d+__t0 {2}\w+: /);
    expect(r.stderr).toMatch(/Stopped after 1 failed episode \(--bail\): \d+\/12 episodes recorded in /);
    expect(r.stderr).toMatch(/Resume with: faultline run .* --bail 1 --quiet --resume\n/);
    const recorded = episodes(out);
    expect(recorded.length).toBeLessThan(12);
    expect(recorded.filter((e) => e.outcome !== 'success')).toHaveLength(1);
    expect(manifest(out)).toMatchObject({ status: 'interrupted', bailedAfter: 1, recorded: recorded.length });

    // Resumed without --bail, it runs the rest and ends identical to the run never stopped.
    const resumed = await cliInProcess(['run', ...PLAN, '--out', out, '--resume', '--quiet', '--json']);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(readFileSync(join(full, 'summary.json'), 'utf8'));
    expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8')).toBe(readFileSync(join(full, 'episodes.jsonl'), 'utf8'));
    expect(manifest(out)).toMatchObject({ status: 'complete' });
    expect(manifest(out)).not.toHaveProperty('bailedAfter');
  });

  it('a run that never reaches N failures completes with exit 0', async () => {
    const r = await cliInProcess(['run', ...PLAN, '--bail', '100', '--quiet', '--json']);
    expect(r.code).toBe(0);
  });
});

describe('--episode', () => {
  const ids = ['filesystem.rename-symbol-v1__brittle__s2__t0', 'deploy.rollout-v2__oracle__s3__t1'];

  it('runs exactly the episodes named (repeatable and comma lists), the plan taken from their ids', async () => {
    const out = join(dir, 'episode');
    const r = await cliInProcess([
      'run',
      '--episode',
      ids[0] as string,
      '--episode',
      `${ids[1]},${ids[0]}`,
      '--perturb',
      'production',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      episodes(out)
        .map((e) => e.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(manifest(out)).toMatchObject({
      planned: 2,
      config: {
        envs: ['deploy/rollout-v2', ENV],
        teams: ['brittle', 'oracle'],
        seeds: [2, 3],
        trials: 2,
        episodes: [...ids].sort(),
      },
    });
  });

  it('a selection split in shards merges into the run done in one go', async () => {
    const selection = [
      '--episode',
      'filesystem.rename-symbol-v1__brittle__s1__t0,filesystem.rename-symbol-v1__brittle__s2__t0,filesystem.rename-symbol-v1__oracle__s0__t0,filesystem.rename-symbol-v1__oracle__s5__t0',
      '--perturb',
      'production',
      '--quiet',
    ];
    const whole = join(dir, 'sel-whole');
    expect((await cliInProcess(['run', ...selection, '--out', whole])).code).toBe(0);
    for (const i of [1, 2])
      expect(
        (await cliInProcess(['run', ...selection, '--shard', `${i}/2`, '--out', join(dir, `sel-${i}`)])).code,
      ).toBe(0);
    const merged = join(dir, 'sel-merged');
    const m = await cliInProcess(['merge', join(dir, 'sel-1'), join(dir, 'sel-2'), '--out', merged, '--json']);
    expect(m.code, m.stderr).toBe(0);
    for (const file of ['episodes.jsonl', 'summary.json'])
      expect(readFileSync(join(merged, file), 'utf8')).toBe(readFileSync(join(whole, file), 'utf8'));
    expect(manifest(merged)).toMatchObject({ planned: 4, recorded: 4 });
  });

  it('an id outside the plan the flags give is an error with the closest ids', async () => {
    const r = await cliInProcess([
      'run',
      '--env',
      ENV,
      '--team',
      'oracle',
      '--seeds',
      '0-3',
      '--episode',
      'filesystem.rename-symbol-v1__orcle__s2__t0',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^faultline: --episode: got "filesystem\.rename-symbol-v1__orcle__s2__t0", expected one of the 4 episodes this command plans .*Fix: did you mean "filesystem\.rename-symbol-v1__oracle__s2__t0"/,
    );
  });

  it.each([
    ['garbage', /expected an episode id as in episodes\.jsonl: ENV__TEAM__sSEED/],
    [
      'filesystem.renam-symbol-v1__oracle__s2__t0',
      /expected an episode of a registered env \(filesystem\/renam-symbol-v1 is not one\)\. Fix: did you mean "filesystem\/rename-symbol-v1"\?/,
    ],
  ])('%s is a clear error', async (id, message) => {
    const r = await cliInProcess(['run', '--episode', id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('parses every id the runner writes back into its key', () => {
    for (const key of [
      { envId: ENV, team: 'oracle', seed: 7, trial: 0, variant: 0 },
      { envId: 'flaky-api/migrate-records-v1', team: 'my__team.v2', seed: 12, trial: 3, variant: 2, worldSize: 500 },
    ])
      expect(parseEpisodeId(formatEpisodeId(key))).toEqual(key);
    expect(parseEpisodeId('filesystem.rename-symbol-v1__oracle__s7__v0__t0')).toBeNull();
    expect(parseEpisodeId('filesystem.rename-symbol-v1__oracle__s07__t0')).toBeNull();
  });
});

describe('--only-failed', () => {
  it("runs again what failed in DIR, with DIR's flags; a flag given narrows it", async () => {
    const first = join(dir, 'first');
    await cliInProcess(['run', ...PLAN, '--team', 'brittle,noop,oracle', '--out', first, '--quiet']);
    const failed = episodes(first)
      .filter((e) => e.outcome !== 'success')
      .map((e) => e.id);
    expect(failed.some((id) => id.includes('__noop__'))).toBe(true);

    const again = join(dir, 'again');
    const r = await cliInProcess(['run', '--only-failed', first, '--out', again, '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(episodes(again).map((e) => e.id)).toEqual(failed);
    expect(manifest(again)).toMatchObject({ config: { perturb: 'production', seeds: [0, 1, 2, 3, 4, 5] } });
    // --verbose: a line per episode, none passes (the same seeds fail the same way).
    expect(r.stderr.match(/^\[ *\d+\/\d+\] FAIL {2}\S+/gm)).toHaveLength(failed.length);

    const narrowed = join(dir, 'narrowed');
    await cliInProcess(['run', '--only-failed', first, '--team', 'noop', '--out', narrowed, '--quiet']);
    expect(episodes(narrowed).map((e) => e.id)).toEqual(failed.filter((id) => id.includes('__noop__')));

    // A run without failures leaves nothing to run again.
    const clean = join(dir, 'clean');
    await cliInProcess(['run', '--env', ENV, '--team', 'oracle', '--seeds', '0', '--out', clean, '--quiet']);
    const none = await cliInProcess(['run', '--only-failed', clean]);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toBe(`${clean} has no failed episodes: nothing to run again.\n`);
  });

  it('a directory that is not a run, or --out the same directory, is a clear error', async () => {
    const notRun = await cliInProcess(['run', '--only-failed', dir]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(
      /^faultline: --only-failed: got ".*", expected a run directory .*this one has no run\.json\. Fix: pass the --out directory of an earlier run\./,
    );
    const missing = await cliInProcess(['run', '--only-failed', join(dir, 'nowhere')]);
    expect(missing.stderr).toMatch(/it does not exist\. Fix:/);
    const same = await cliInProcess(['run', '--only-failed', join(dir, 'full'), '--out', join(dir, 'full')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^faultline: --out: got ".*full", expected another directory than --only-failed/);
  });
});

describe('--quiet and --verbose', () => {
  it('--quiet prints no progress; the default prints it; --verbose a line per episode', async () => {
    const args = ['run', '--env', ENV, '--team', 'oracle,noop', '--seeds', '0-1'];
    const quiet = await cliInProcess([...args, '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/oracle/);
    const normal = await cliInProcess(args);
    expect(normal.stderr).toMatch(/^4 episodes to run \(4 planned\)\n/);
    const verbose = await cliInProcess([...args, '-v']);
    expect(verbose.stderr.split('\n').filter((l) => /^\[\d\/4\] /.test(l))).toEqual([
      '[1/4] FAIL  filesystem.rename-symbol-v1__noop__s0__t0  failure: primary mode noProgress at step 1 (planner)',
      '[2/4] FAIL  filesystem.rename-symbol-v1__noop__s1__t0  failure: primary mode noProgress at step 1 (planner)',
      '[3/4] PASS  filesystem.rename-symbol-v1__oracle__s0__t0',
      '[4/4] PASS  filesystem.rename-symbol-v1__oracle__s1__t0',
    ]);
  });
});
