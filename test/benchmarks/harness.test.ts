/**
 * The benchmark harness's own logic (no timings asserted: speed targets live in `npm run bench`):
 * the README block it writes keeps the table's shape, and the toy floor env is a real env.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import {
  formatBlock,
  formatBreakdownTable,
  formatLongEndToEnd,
  formatTable,
  replaceBlock,
  type TableRow,
} from '../../benchmarks/readme-table.js';
import { registerToyEnv, toyPlan, TOY_TARGET } from '../../benchmarks/toy-env.js';
import { TEMPLATE_ENV_ID, registerTemplateWorld } from '../../benchmarks/template-world.js';
import { median } from '../../benchmarks/timing.js';
import { FRESH_SEEDS, benchStepping } from '../../benchmarks/stepping.js';
import {
  BREAKDOWN_SEEDS,
  EPISODE_PHASES,
  benchEpisodeBreakdown,
  type EpisodeBreakdown,
} from '../../benchmarks/episode-breakdown.js';
import { executeEpisode } from '../../src/run/execute.js';
import { benchMetricsPerStep } from '../../benchmarks/metrics.js';
import { loadBuiltins } from '../../src/builtins.js';
import { planActions } from '../../src/team/plan.js';
import { teamStateOf } from '../../src/team/team-env.js';
import { bestOfRounds } from '../../benchmarks/best-of.js';
import { benchSteadyEpisodes, rateSettled } from '../../benchmarks/steady-episodes.js';
import { bestOfE2e, type RunE2e } from '../../benchmarks/run-e2e.js';
import { WORLD_SIZE_MARKERS, formatWorldSizeBlock, formatWorldSizeTable } from '../../benchmarks/world-size-table.js';

const row: TableRow = {
  env: 'flaky-api/migrate-records-v1',
  stepUsMedian: 8.5,
  freshStepUsMedian: 20.25,
  productionStepUsMedian: 9.5,
  metricsUsPerStep: 1.5,
  resetMsMedian: 0.4,
  episodesPerSecond: 612.3,
  stepsPerEpisode: 45.4,
};

describe('README bench block', () => {
  it('replaces only what is between the markers, with the date, the machine and a table row per env', () => {
    const readme = 'intro\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nafter\n';
    const block = formatBlock(
      [row],
      { propertySweep: { env: row.env, propertySweepMs: 640, propertySweepCpuMs: 600 } },
      '2026-12-03',
    );
    const next = replaceBlock(readme, block);
    expect(next.startsWith('intro\n<!-- bench:start -->\nMeasured 2026-12-03 on ')).toBe(true);
    expect(next.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    expect(next).not.toContain('old table');
    expect(next).toMatch(/<!-- bench:start -->[^]*?\| [a-z]/);
    expect(next).toContain('| flaky-api/migrate-records-v1 | 8.5 | 117,647 | 20.25 | 11 | 0.4 | 612.3 | — | 45.4 |');
    expect(next).not.toContain('settled (long run)`:');
    expect(next).toContain('Property sweep (100 runs × 50 steps');
    expect(replaceBlock(next, block)).toBe(next);
  });

  it('prints the settled rate of a long run beside the first one, and says what it is', () => {
    const block = formatBlock([{ ...row, steadyEpisodesPerSecond: 841.25 }], {}, '2026-12-05');
    expect(block).toContain('| 0.4 | 612.3 | 841.3 | 45.4 |');
    expect(block).toContain('`… settled (long run)`: the same recorded episodes once their rate');
  });

  /** A 500-episode end-to-end measurement, as run-e2e.ts reports it. */
  const endToEnd = {
    env: 'flaky-api/migrate-records-v1',
    episodes: 500,
    workers: 2,
    cliEpisodesPerSecond: 234.6,
    inProcessEpisodesPerSecond: 280.6,
    cliVsInProcess: 0.84,
    cliVsInProcessByRound: [0.9, 0.84, 0.88],
  };

  it("prints `faultline run` end to end under the table: the rate, the ratio, each round's ratio and the cost outside the run", () => {
    expect(formatBlock([row], { endToEnd }, '2026-12-05')).toContain(
      "`faultline run` end to end (500 recorded flaky-api/migrate-records-v1 oracle episodes, 2 workers, the whole command): 234.6 episodes/s, 0.84× the same plan in process on one thread (280.6; each round's own ratio 0.9, 0.84, 0.88).",
    );
    expect(formatBlock([row], { endToEnd: { ...endToEnd, cliVsInProcessByRound: [0.84] } }, '2026-12-05')).toContain(
      'on one thread (280.6).',
    );
    const split = { ...endToEnd, cliFixedSeconds: 0.93, cliRunEpisodesPerSecond: 301.24, cliRunVsInProcess: 1.07 };
    expect(formatBlock([row], { endToEnd: split }, '2026-12-05')).toContain(
      "each round's own ratio 0.9, 0.84, 0.88). The command spends 0.93 s outside its run (start-up and loading in every thread before it, the summary and exit after it; the least of the rounds): the run itself, as the command prints it, went at 301.2 episodes/s, 1.07× in process.",
    );
  });

  it('prints the long end-to-end run after the short one, with its fixed cost when measured', () => {
    const long = {
      ...endToEnd,
      episodes: 2000,
      cliEpisodesPerSecond: 301.26,
      inProcessEpisodesPerSecond: 270.1,
      cliVsInProcess: 1.12,
      cliVsInProcessByRound: [1.1, 1.05, 1.12],
      cliFixedSeconds: 0.7,
    };
    const block = formatBlock([row], { endToEnd, endToEndLong: long }, '2026-12-06');
    const line =
      "The same over 2,000 episodes: 301.3 episodes/s for the whole command, 0.7 s of it outside the run, 1.12× in process (270.1; each round's own ratio 1.1, 1.05, 1.12).";
    expect(block).toContain(line);
    expect(block.indexOf(line)).toBeGreaterThan(block.indexOf('`faultline run` end to end (500 recorded'));
    const { cliFixedSeconds: _fixed, ...unsplit } = long;
    expect(formatLongEndToEnd({ ...unsplit, cliVsInProcessByRound: [1.12] })).toBe(
      'The same over 2,000 episodes: 301.3 episodes/s for the whole command, 1.12× in process (270.1).',
    );
  });

  it("the README's block has the generated shape: date and machine, the table's header, a row per env and the floor", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = readme.slice(readme.indexOf('<!-- bench:start -->'), readme.indexOf('<!-- bench:end -->'));
    const header = formatTable([]);
    expect(block, 'run `npm run bench -- --no-llm --update-readme`').toContain(header);
    expect(block).toMatch(
      /^<!-- bench:start -->\nMeasured \d{4}-\d{2}-\d{2} on .+, one core per measurement(, each env figure the best of \d+ interleaved rounds)?\./,
    );
    // The main table: from its header to the first blank line (the episode breakdown's table follows).
    const lines = block.split('\n');
    const first = lines.indexOf(header.split('\n')[0]!);
    const table = lines.slice(first, lines.indexOf('', first));
    const rows = table.filter((line) => /^\| [a-z]/.test(line));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.split(' | ')).toHaveLength(header.split('\n')[0]!.split(' | ').length);
    expect(rows.some((row) => row.includes('(toy floor)'))).toBe(true);
  });

  it('refuses a README without markers, saying where they go', () => {
    expect(() => replaceBlock('no markers', 'x')).toThrow(/<!-- bench:start -->.*markers/);
  });
});

describe('team floor env', () => {
  it('is the new-world template, registered as a user world is, whose oracle records 30+ step episodes under faults', async () => {
    loadBuiltins();
    const id = await registerTemplateWorld();
    expect(id).toBe(TEMPLATE_ENV_ID);
    expect(await registerTemplateWorld()).toBe(id);
    for (const seed of [0, 1, 2]) {
      const { record } = await executeEpisode(
        { envId: id, team: 'oracle', seed, trial: 0, variant: 0 },
        { perturb: 'production', maxSteps: null },
      );
      expect(record.success, `seed ${seed}`).toBe(true);
      expect(record.steps).toBeGreaterThanOrEqual(30);
    }
  });
});

describe('toy floor env', () => {
  it('is made, reset and stepped like any registered env, validating actions', () => {
    const env = make(registerToyEnv());
    expect(registerToyEnv()).toBe(env.spec?.id);
    env.reset({ seed: 1 });
    expect(env.step({ type: 'jump' }).info).toEqual({ error: 'invalid action' });
    let last = null;
    for (const a of toyPlan()) last = env.step(a);
    expect(last).toMatchObject({ terminated: true, reward: 1, observation: { count: TOY_TARGET } });
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('best of several bench rounds', () => {
  const a = { env: 'x', stepUsMedian: 12, episodesPerSecond: 80, stepsPerEpisode: 45.2, note: 'kept' };
  const b = { env: 'x', stepUsMedian: 9, episodesPerSecond: 70, stepsPerEpisode: 44.8, note: 'other' };
  const y1 = { env: 'y', stepUsMedian: 30, episodesPerSecond: 50, stepsPerEpisode: 40, note: 'y' };
  const y2 = { env: 'y', stepUsMedian: 31, episodesPerSecond: 55, stepsPerEpisode: 41, note: 'y2' };

  it('keeps per field the lowest cost and the highest throughput, whatever order each round measured the envs in', () => {
    expect(
      bestOfRounds([
        [a, y1],
        [y2, b],
      ]),
    ).toEqual([
      { env: 'x', stepUsMedian: 9, episodesPerSecond: 80, stepsPerEpisode: 45.2, note: 'kept' },
      { env: 'y', stepUsMedian: 30, episodesPerSecond: 55, stepsPerEpisode: 40, note: 'y' },
    ]);
  });

  it('returns one round as it is, and says what is wrong with no rounds or a round missing an env', () => {
    expect(bestOfRounds([[a, y1]])).toEqual([a, y1]);
    expect(() => bestOfRounds([])).toThrow(/no rounds/);
    expect(() => bestOfRounds([[a, y1], [b]])).toThrow(/no figures for env "y"/);
  });

  it('combines end-to-end runs: the best of each throughput, the lowest CPU, the ratio of the two bests, the workload as it was', () => {
    const run = (cli: number, inProcess: number, cpu: number | null): RunE2e => ({
      env: 'x',
      episodes: 500,
      workers: 2,
      cliEpisodesPerSecond: cli,
      cliRunEpisodesPerSecond: cli + 10,
      cliSourceEpisodesPerSecond: cli - 20,
      inProcessEpisodesPerSecond: inProcess,
      cliVsInProcess: Math.round((cli / inProcess) * 100) / 100,
      cliFixedSeconds: 500 / cli - 500 / (cli + 10),
      cliRunVsInProcess: Math.round(((cli + 10) / inProcess) * 100) / 100,
      cliCpuMsPerEpisode: cpu,
      cliSourceCpuMsPerEpisode: cpu,
      inProcessCpuMsPerEpisode: 7,
    });
    // A neighbour slowed the CLI in the first run and the in-process side in the second.
    const best = bestOfE2e([run(120, 200, 11), run(170, 150, null)]);
    expect(best).toMatchObject({
      episodes: 500,
      workers: 2,
      cliEpisodesPerSecond: 170,
      inProcessEpisodesPerSecond: 200,
    });
    expect(best.cliVsInProcess).toBe(0.85);
    // The run's own ratio from the best printed rate and the best in-process rate; the least fixed cost.
    expect(best.cliRunVsInProcess).toBe(0.9);
    expect(best.cliFixedSeconds).toBeCloseTo(500 / 170 - 500 / 180, 6);
    // Each round's own ratio stays beside it, in the order run.
    expect(best.cliVsInProcessByRound).toEqual([0.6, 1.13]);
    expect(best.cliCpuMsPerEpisode).toBe(11);
    expect(() => bestOfE2e([])).toThrow(/no rounds/);
  });
});

describe('README world-size block', () => {
  const bench = {
    worldSize: {
      'filesystem/rename-symbol-v1': { '100': 14.75, '1000': 15.37, '10000': 29.5 },
      'deploy/diagnose-rollback-v2': { '100': 8, '1000': 9.4, '10000': 20 },
    },
    worldSizeMean: {},
  };

  it('has a row per env, a column per size and the largest size against the smallest', () => {
    const table = formatWorldSizeTable(bench);
    expect(table.split('\n')).toEqual([
      '| env | 100 | 1,000 | 10,000 | 10,000 vs 100 |',
      '|---|---:|---:|---:|---:|',
      '| filesystem/rename-symbol-v1 | 14.8 | 15.4 | 29.5 | 2.0× |',
      '| deploy/diagnose-rollback-v2 | 8.0 | 9.4 | 20.0 | 2.5× |',
    ]);
  });

  it('is written between its own markers and leaves the bench table alone', () => {
    const readme =
      'a\n<!-- bench:start -->\nold\n<!-- bench:end -->\nb\n<!-- world-size:start -->\nold ws\n<!-- world-size:end -->\nc\n';
    const next = replaceBlock(
      replaceBlock(readme, 'BENCH'),
      formatWorldSizeBlock(bench, '2026-12-04', 3),
      WORLD_SIZE_MARKERS,
    );
    expect(next).toContain('<!-- bench:start -->\nBENCH\n<!-- bench:end -->');
    expect(next).toContain(
      'measured 2026-12-04 by `npm run bench -- --update-readme` (`worldSize`), each figure the best of 3 rounds:',
    );
    expect(next).not.toContain('old ws');
    expect(() => replaceBlock('no markers', 'x', WORLD_SIZE_MARKERS)).toThrow(/<!-- world-size:start -->/);
  });

  it("the README has the block, generated: a row for each world's first family", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(WORLD_SIZE_MARKERS.start);
    const end = readme.indexOf(WORLD_SIZE_MARKERS.end);
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(start, end);
    expect(block).toContain('| env | 100 | 1,000 | 10,000 | 10,000 vs 100 |');
    for (const world of ['deploy', 'filesystem', 'flaky-api', 'mock-web', 'pipeline'])
      expect(block).toContain(`| ${world}/`);
  });
});

describe('the settled rate of a long run', () => {
  it('has settled once the last windows no longer beat the best before them, and not before enough windows', () => {
    const o = { minWindows: 5, lastWindows: 2, tolerance: 0.05 };
    expect(rateSettled([100, 140, 180, 220, 260, 300], o)).toBe(false); // still rising
    expect(rateSettled([100, 200, 300, 290, 310, 305], o)).toBe(true); // 310 is within 5% of 300
    expect(rateSettled([100, 200, 300, 290, 310, 305], { ...o, tolerance: 0.02 })).toBe(false); // not within 2%
    expect(rateSettled([100, 200, 300, 290, 305, 300], { ...o, tolerance: 0.02 })).toBe(true);
    expect(rateSettled([300, 290, 305], o)).toBe(false); // too few windows
    expect(rateSettled([300, 250, 240, 260, 280], o)).toBe(true); // a slow neighbour, not a ramp
  });

  it('refuses options out of range, naming them', async () => {
    await expect(benchSteadyEpisodes('deploy/diagnose-rollback-v2', { maxWindows: 0 })).rejects.toThrow(
      /maxWindows is 0; expected a whole number of windows, 1 or more/,
    );
    await expect(benchSteadyEpisodes('deploy/diagnose-rollback-v2', { windowSeconds: -1 })).rejects.toThrow(
      /windowSeconds is -1/,
    );
    await expect(benchSteadyEpisodes('deploy/diagnose-rollback-v2', { tolerance: Number.NaN })).rejects.toThrow(
      /tolerance is NaN/,
    );
  });

  it('runs recorded episodes in windows until their rate settles, and reports the best window', async () => {
    loadBuiltins();
    const steady = await benchSteadyEpisodes('deploy/diagnose-rollback-v2', {
      windowSeconds: 0.05,
      minWindows: 3,
      maxWindows: 5,
      lastWindows: 1,
    });
    expect(steady.windows.length).toBeGreaterThanOrEqual(3);
    expect(steady.windows.length).toBeLessThanOrEqual(5);
    expect(steady.windows.every((w) => w > 0)).toBe(true);
    expect(steady.steadyEpisodesPerSecond).toBe(Math.max(...steady.windows));
    expect(steady.settled).toBe(rateSettled(steady.windows, { minWindows: 3, lastWindows: 1 }));
    // Stopped at the first window where it settled, or at the cap.
    expect(steady.settled || steady.windows.length === 5).toBe(true);
    if (steady.windows.length > 3)
      expect(rateSettled(steady.windows.slice(0, -1), { minWindows: 3, lastWindows: 1 })).toBe(false);
  });
});

describe('stepping on new seeds', () => {
  it('steps each seed once, from FRESH_SEEDS on, with its own oracle plan', () => {
    loadBuiltins();
    const envId = 'flaky-api/migrate-records-v1';
    const env = make(envId);
    env.reset({ seed: FRESH_SEEDS });
    const firstPlan = planActions(teamStateOf(env)!.task);
    env.close();
    const bench = benchStepping(envId, { fresh: true, seconds: 0.05, batchSteps: 20 });
    expect(bench.planSteps).toBe(firstPlan.length);
    expect(bench.batches).toBeGreaterThanOrEqual(5);
    expect(Number.isFinite(bench.stepUsMedian) && bench.stepUsMedian > 0).toBe(true);
  });
});

describe('where a recorded episode goes', () => {
  it('measures the episodes a run records, on new seeds after the warm-up, and splits all of their time', async () => {
    loadBuiltins();
    const envId = 'deploy/diagnose-rollback-v2';
    const bench = await benchEpisodeBreakdown(envId, { episodes: 2 });
    // The measured episodes are those of seeds BREAKDOWN_SEEDS + 2 and + 3, recorded as a run does.
    let steps = 0;
    for (const seed of [BREAKDOWN_SEEDS + 2, BREAKDOWN_SEEDS + 3]) {
      const { record } = await executeEpisode(
        { envId, team: 'oracle', seed, trial: 0, variant: 0 },
        { perturb: 'production', maxSteps: null },
      );
      steps += record.steps;
    }
    expect(bench.stepsPerEpisode).toBe(steps / 2);
    const sum = EPISODE_PHASES.reduce((total, phase) => total + bench.phasesMs[phase], 0);
    expect(sum).toBeCloseTo(bench.episodeMs, 1);
    for (const phase of EPISODE_PHASES) expect(bench.phasesMs[phase]).toBeGreaterThanOrEqual(0);
    // Every phase takes measurable time (an episode graded at `finish` still sums its usage).
    for (const phase of EPISODE_PHASES) expect(bench.phasesMs[phase], phase).toBeGreaterThan(0);
    expect(EPISODE_PHASES.reduce((total, phase) => total + bench.phasesPercent[phase], 0)).toBeCloseTo(100, 0);
  });

  it('is a table with a column per phase, in the README block after the main table', () => {
    const breakdown: EpisodeBreakdown = {
      env: 'deploy/rollout-v2',
      episodeMs: 6.5,
      cpuMs: 7.25,
      phasesMs: { reset: 1, team: 1, world: 2, digests: 1, end: 0.05, metrics: 0.45, record: 0.5, write: 0.5 },
      phasesPercent: {
        reset: 15.4,
        team: 15.4,
        world: 30.8,
        digests: 15.4,
        end: 0.8,
        metrics: 6.9,
        record: 7.7,
        write: 7.7,
      },
      episodes: 150,
      stepsPerEpisode: 55.4,
    };
    expect(formatBreakdownTable([breakdown]).split('\n')).toEqual([
      '| env | ms/episode (wall) | CPU ms (all threads) | reset | team | world | digests | end | metrics | record | write |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      '| deploy/rollout-v2 | 6.5 | 7.25 | 15.4% | 15.4% | 30.8% | 15.4% | 0.8% | 6.9% | 7.7% | 7.7% |',
    ]);
    const block = formatBlock([row], { breakdown: [breakdown] }, '2026-12-05');
    expect(block.indexOf('| deploy/rollout-v2 | 6.5 |')).toBeGreaterThan(block.indexOf(`| ${row.env} |`));
    expect(block).toContain('150 episodes per env after as many as warm-up');
  });
});

describe('metrics per step', () => {
  it('analyses the episodes it measures once each, after a warm-up on other new episodes', async () => {
    loadBuiltins();
    const cold = await benchMetricsPerStep('deploy/rollout-v2', { warmupMs: 0, episodes: 3 });
    expect(cold).toMatchObject({ episodes: 3, warmupEpisodes: 0 });
    expect(cold.metricsUsPerStep).toBeGreaterThan(0);
    expect(cold.metricsUsPerStepMean).toBeGreaterThan(0);
    const warmed = await benchMetricsPerStep('deploy/rollout-v2', { warmupMs: 5, episodes: 2 });
    expect(warmed.warmupEpisodes).toBeGreaterThanOrEqual(1);
    expect(warmed.warmupEpisodes).toBeLessThanOrEqual(400);
  });
});
