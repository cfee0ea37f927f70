/**
 * The performance targets as `npm run bench` checks them (benchmarks/targets.ts): each flags the
 * envs that miss it by their figure and stays met when every env meets it, at the boundary too,
 * and a target whose section the run skipped is left out rather than called met.
 */
import { describe, expect, it } from 'vitest';
import { checkTargets, formatTargets, type TargetInputs } from '../../benchmarks/targets.js';
import { formatBlock, type EndToEndNote, type TableRow } from '../../benchmarks/readme-table.js';

function row(env: string, figures: Partial<TableRow> = {}): TableRow {
  return {
    env,
    stepUsMedian: 6,
    freshStepUsMedian: 12,
    productionStepUsMedian: 8,
    metricsUsPerStep: 3,
    resetMsMedian: 0.2,
    episodesPerSecond: 600,
    steadyEpisodesPerSecond: 650,
    stepsPerEpisode: 40,
    ...figures,
  };
}

function endToEnd(episodes: number, cliVsInProcess: number): EndToEndNote {
  return {
    env: 'flaky-api/migrate-records-v1',
    episodes,
    workers: 2,
    cliEpisodesPerSecond: 300,
    inProcessEpisodesPerSecond: 300 / cliVsInProcess,
    cliVsInProcess,
  };
}

/** A run that meets every target. */
const ALL_MET: TargetInputs = {
  envs: [row('a/one-v1'), row('b/two-v1')],
  teamFloor: row('shelf/tag-records-v1 (team floor)', { episodesPerSecond: 900, steadyEpisodesPerSecond: 950 }),
  propertySweep: { propertySweepMs: 600 },
  rssMbAt: { '1000': 110, '10000': 140, '100000': 200 },
  endToEnd: endToEnd(500, 0.9),
  endToEndLong: endToEnd(2000, 1.3),
  worldSize: {
    worldSize: { 'a/one-v1': { '100': 5, '1000': 5.5, '10000': 6 } },
    worldSizeMean: { 'a/one-v1': { '100': 7, '1000': 7, '10000': 8 } },
  },
};

const byTarget = (inputs: TargetInputs) => new Map(checkTargets(inputs).map((c) => [c.target, c]));

describe('the performance targets of a bench run', () => {
  it('are all met, in the order of the targets list, when every figure meets its target', () => {
    const checks = checkTargets(ALL_MET);
    expect(checks.map((c) => c.target)).toEqual([
      'step, clean',
      'step, `production` + metrics',
      'recorded oracle episodes per CPU second',
      '`faultline run` end to end, 2 workers',
      'peak RSS of a 100,000-episode run',
      'step cost by world size',
      'property sweep, 100 runs × 50 steps',
    ]);
    expect(checks.filter((c) => !c.met)).toEqual([]);
    expect(checks[0]?.measured).toBe('2 of 2 envs');
  });

  it('name the env over a step ceiling with its figure; a figure at the ceiling meets it', () => {
    const checks = byTarget({
      ...ALL_MET,
      envs: [row('a/one-v1', { stepUsMedian: 10 }), row('b/two-v1', { stepUsMedian: 13.39 })],
    });
    expect(checks.get('step, clean')).toMatchObject({ met: false, measured: '1 of 2 envs; not: b/two-v1 13.39 µs' });
  });

  it('add the metrics to the production step: each under 12 alone, over it together, misses', () => {
    const checks = byTarget({
      ...ALL_MET,
      envs: [
        row('a/one-v1', { productionStepUsMedian: 9, metricsUsPerStep: 3 }),
        row('b/two-v1', { productionStepUsMedian: 8.5, metricsUsPerStep: 4.27 }),
      ],
    });
    expect(checks.get('step, `production` + metrics')).toMatchObject({
      met: false,
      measured: '1 of 2 envs; not: b/two-v1 12.77 µs',
    });
  });

  it('take the better of an env’s first-second and settled episode rates, and show the team floor beside them', () => {
    const settledEnough = byTarget({
      ...ALL_MET,
      envs: [row('a/one-v1', { episodesPerSecond: 450, steadyEpisodesPerSecond: 520 })],
    });
    expect(settledEnough.get('recorded oracle episodes per CPU second')).toMatchObject({
      met: true,
      measured: '1 of 1 envs; the team floor (the most any world can reach): 950/s',
    });
    const neither = byTarget({
      ...ALL_MET,
      envs: [row('a/one-v1', { episodesPerSecond: 230.9, steadyEpisodesPerSecond: 217.8 }), row('b/two-v1')],
      teamFloor: row('floor', { episodesPerSecond: 330, steadyEpisodesPerSecond: null }),
    });
    expect(neither.get('recorded oracle episodes per CPU second')).toMatchObject({
      met: false,
      measured: '1 of 2 envs; not: a/one-v1 230.9/s; the team floor (the most any world can reach): 330/s',
    });
  });

  it('need every measured length of the end-to-end run at 0.8× or more', () => {
    const short = byTarget({ ...ALL_MET, endToEnd: endToEnd(500, 0.73), endToEndLong: endToEnd(2000, 1.27) });
    expect(short.get('`faultline run` end to end, 2 workers')).toMatchObject({
      met: false,
      measured: '500 episodes 0.73×, 2,000 episodes 1.27×',
    });
    const atTarget = byTarget({ ...ALL_MET, endToEnd: endToEnd(500, 0.8) });
    expect(atTarget.get('`faultline run` end to end, 2 workers')?.met).toBe(true);
  });

  it('flag RSS at or over 300 MB, a world-size curve over 2× and a sweep of a second or more', () => {
    const checks = byTarget({
      ...ALL_MET,
      rssMbAt: { '100000': 300 },
      propertySweep: { propertySweepMs: 1000 },
      worldSize: {
        worldSize: {
          'a/one-v1': { '100': 5, '10000': 6 },
          'b/two-v1': { '100': 4, '1000': 6, '10000': 10.4 },
        },
        worldSizeMean: {},
      },
    });
    expect(checks.get('peak RSS of a 100,000-episode run')).toMatchObject({ met: false, measured: '300 MB' });
    expect(checks.get('property sweep, 100 runs × 50 steps')?.met).toBe(false);
    expect(checks.get('step cost by world size')).toMatchObject({
      met: false,
      measured: '1 of 2 envs; the most: b/two-v1 2.6× (10,000 vs 100)',
    });
  });

  it('leave out a target whose section the run skipped, instead of calling it met', () => {
    const checks = byTarget({ envs: ALL_MET.envs, rssMbAt: { '1000': 110, '10000': 140 } });
    expect([...checks.keys()]).toEqual([
      'step, clean',
      'step, `production` + metrics',
      'recorded oracle episodes per CPU second',
    ]);
    expect(checkTargets({ envs: [] })).toEqual([]);
  });

  it('are a table at the end of the README block, a miss in bold', () => {
    const checks = checkTargets({ ...ALL_MET, propertySweep: { propertySweepMs: 1200 } });
    const table = formatTargets(checks);
    expect(table.split('\n')[0]).toBe('| target | goal | measured | met |');
    expect(table).toContain('| property sweep, 100 runs × 50 steps | < 1,000 ms | 1,200 ms | **no** |');
    expect(table).toContain('| peak RSS of a 100,000-episode run | < 300 MB | 200 MB | yes |');
    const block = formatBlock([row('a/one-v1')], { targets: checks }, '2026-12-07');
    expect(block.endsWith(table)).toBe(true);
    expect(formatBlock([row('a/one-v1')], {}, '2026-12-07')).not.toContain('| target |');
  });
});
