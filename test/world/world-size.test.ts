import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { make } from '../../src/core/registry.js';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { familyEnvId, teamStateOf } from '../../src/team/team-env.js';
import { BUILTIN_FAMILIES } from '../../environments/index.js';
import { episodeId } from '../../src/run/episode-id.js';
import { planEpisodes } from '../../src/run/plan.js';
import { configDifferences, type RunConfig, type RunManifest } from '../../src/run/manifest.js';
import { MAX_WORLD_SIZE, parseWorldSize } from '../../src/world/world-size.js';
import { cliInProcess } from '../support/cli.js';

beforeAll(() => loadBuiltins());

describe('parseWorldSize', () => {
  it('reads names, numbers and numbers written as text; absent is the default', () => {
    expect(parseWorldSize('small')).toBe(100);
    expect(parseWorldSize('Medium')).toBe(1_000);
    expect(parseWorldSize('large')).toBe(10_000);
    expect(parseWorldSize(250)).toBe(250);
    expect(parseWorldSize('10,000')).toBe(10_000);
    expect(parseWorldSize('2_500')).toBe(2_500);
    expect(parseWorldSize(undefined)).toBeUndefined();
  });

  it('refuses anything else, naming the flag, the value and what is accepted', () => {
    for (const bad of ['huge', '', '-5', '1.5', 0, -1, 2.5, MAX_WORLD_SIZE + 1, null, {}]) {
      expect(() => parseWorldSize(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => parseWorldSize('huge')).toThrow(/--world-size: got "huge", expected small \(100\), medium/);
    expect(() => parseWorldSize(0, 'reset({ options.worldSize })')).toThrow(/^reset\(\{ options.worldSize \}\): got 0/);
  });
});

describe('world size in envs', () => {
  const teamEnvs = () => BUILTIN_FAMILIES.map((f) => ({ id: familyEnvId(f) }));

  it('every family is solved by the oracle at small and at a numeric size', async () => {
    const oracle = findTeam('oracle')!;
    for (const spec of teamEnvs()) {
      for (const worldSize of ['small', 250] as const) {
        const r = await runEpisode({ env: spec.id, team: oracle, seed: 3, worldSize });
        expect(r.outcome, `${spec.id} at ${worldSize}`).toBe('success');
        expect(r.worldSize).toBe(worldSize === 'small' ? 100 : 250);
      }
    }
  });

  it('grows the world from the seed, the same way every time, and leaves the default as it was', () => {
    const env = make('filesystem/rename-symbol-v1');
    env.reset({ seed: 4 });
    const base = teamStateOf(env)!.task;
    env.reset({ seed: 4, options: { worldSize: 300 } });
    const sized = teamStateOf(env)!.task;
    expect(sized.request).toBe(base.request);
    expect(sized.plan).toEqual(base.plan);
    expect(sized.world).not.toBe(base.world);
    const again = make('filesystem/rename-symbol-v1', { worldSize: 300 });
    again.reset({ seed: 4 });
    expect(JSON.stringify(teamStateOf(again)!.task.world)).toBe(JSON.stringify(sized.world));
    env.reset({ seed: 4 });
    expect(teamStateOf(env)!.task).toBe(base);
  });

  it('refuses bad sizes in make() and reset() with the option named', () => {
    expect(() => make('deploy/rollout-v2', { worldSize: 'huge' })).toThrow(
      /make\("deploy\/rollout-v2", \{ worldSize \}\)/,
    );
    const env = make('deploy/rollout-v2');
    expect(() => env.reset({ seed: 0, options: { worldSize: -3 } })).toThrow(
      /reset\(\{ options.worldSize \}\): got -3/,
    );
  });
});

describe('world size in runs', () => {
  it('is part of the episode id, the plan and the run config when not the default', () => {
    const key = { envId: 'filesystem/rename-symbol-v1', team: 'oracle', seed: 7, trial: 0 };
    expect(episodeId(key)).toBe('filesystem.rename-symbol-v1__oracle__s7__t0');
    expect(episodeId({ ...key, worldSize: 10_000 })).toBe('filesystem.rename-symbol-v1__oracle__s7__w10000__t0');
    const plan = { envIds: [key.envId], teamIds: ['oracle'], seeds: [7], variants: 1, trials: 1 };
    expect(planEpisodes(plan)[0]).not.toHaveProperty('worldSize');
    expect(planEpisodes({ ...plan, worldSize: 100 })[0]).toHaveProperty('worldSize', 100);
    const config: RunConfig = {
      envs: [key.envId],
      teams: ['oracle'],
      seeds: [7],
      trials: 1,
      variants: 1,
      perturb: 'clean',
      maxSteps: null,
      maxActionBytes: 65_536,
      imports: [],
      countErrors: false,
    };
    expect(configDifferences(config, config)).toEqual([]);
    expect(configDifferences(config, { ...config, worldSize: 10_000 })).toEqual([
      "worldSize: the recorded run has each env's own, this command has 10000; leave out --world-size to match the recorded run",
    ]);
    expect(configDifferences({ ...config, worldSize: 100 }, config)[0]).toMatch(/pass --world-size 100/);
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('faultline run --world-size records sized episodes and refuses to resume them at another size', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fl-size-'));
    dirs.push(out);
    const args = ['run', '--env', 'mock-web/research-report-v1', '--team', 'oracle', '--seeds', '0', '--out', out];
    const r = await cliInProcess([...args, '--world-size', 'small']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'trajectories'))).toEqual(['mock-web.research-report-v1__oracle__s0__w100__t0.jsonl']);
    expect((JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunManifest).config.worldSize).toBe(100);
    const resumed = await cliInProcess([...args, '--resume']);
    expect(resumed.code).not.toBe(0);
    expect(resumed.stderr).toMatch(
      /worldSize: the recorded run has 100, this command has each env's own; pass --world-size 100/,
    );
  });

  it('keeps every sized record: episodes.jsonl in key order, the summary, resume, replay and merge', async () => {
    const base = mkdtempSync(join(tmpdir(), 'fl-size-records-'));
    dirs.push(base);
    const args = ['run', '--env', 'mock-web/research-report-v1', '--team', 'oracle,noop', '--seeds', '0-2'];
    const sized = [...args, '--world-size', 'small', '--workers', '2'];
    const ids = ['noop', 'oracle'].flatMap((team) =>
      [0, 1, 2].map((seed) => `mock-web.research-report-v1__${team}__s${seed}__w100__t0`),
    );
    const recordIds = (dir: string) =>
      readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id);
    const out = join(base, 'whole');
    const r = await cliInProcess([...sized, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Recorded 6 episodes');
    expect(recordIds(out)).toEqual(ids);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { cells: { episodes: number }[] };
    expect(summary.cells.map((c) => c.episodes)).toEqual([3, 3]);
    const resumed = await cliInProcess([...sized, '--out', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(recordIds(out)).toEqual(ids);
    expect((await cliInProcess(['report', out])).code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<dt>world size</dt><dd>100</dd>');
    const replayed = await cliInProcess(['replay', out]);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('6/6 trajectories replayed identically');
    const shards = [1, 2].map((i) => join(base, `shard-${i}`));
    for (const [i, dir] of shards.entries()) {
      const sharded = await cliInProcess([...sized, '--shard', `${i + 1}/2`, '--out', dir]);
      expect(sharded.code, sharded.stderr).toBe(0);
    }
    const merged = join(base, 'merged');
    const m = await cliInProcess(['merge', ...shards, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(join(merged, 'episodes.jsonl'), 'utf8')).toBe(
      readFileSync(join(out, 'episodes.jsonl'), 'utf8'),
    );
  });

  it('faultline run --world-size refuses a bad value naming the flag', async () => {
    const r = await cliInProcess(['run', '--env', 'deploy/rollout-v2', '--team', 'oracle', '--world-size', 'huge']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /--world-size: got "huge", expected small \(100\), medium \(1000\), large \(10000\) or a whole number/,
    );
  });
});
