/**
 * `npm run bench`: throughput of every registered env, on one core (see benchmarks/README.md).
 *
 * Per env: the median CPU cost of a step (clean, `production`, `chaos`), of the failure-mode
 * metrics per step, and of a reset; time and heap per step of a 100- and a 10,000-step episode;
 * recorded oracle episodes per second. Then a row for a toy counter env (the harness's floor), a
 * 100 × 50-step fast-check property sweep, each env's recorded episodes per second once the rate of
 * a long run has settled (steady-episodes.ts), the fact matcher (facts.ts), step cost by world size
 * (world-size.ts), `faultline run` end to end against the in-process runner, over 500 and 2,000
 * episodes (run-e2e.ts), a fresh
 * process's first episodes and the share of their CPU on V8's other threads (warm-up.ts), the RSS
 * curve of a run at 1k / 10k / 100k episodes (rss.ts), the cost of `faultline blame` (blame.ts), and
 * the LLM path (llm.ts), and where a recorded episode's time goes, by phase (episode-breakdown.ts).
 *
 * Numbers vary by machine; this prints them, it asserts nothing. `--json` prints JSON;
 * `--env=ID,…` measures only those envs; `--seconds=N` per timed measurement (default 1);
 * `--no-llm` skips the LLM section, `--llm-only` runs only it; `--no-rss`, `--no-world-size`,
 * `--no-e2e`, `--no-blame`, `--no-breakdown`, `--no-steady`, `--no-warm-up` skip those sections and `--rss-max=N` stops the RSS
 * curve at N episodes;
 * `--rounds=N` measures the envs N times, interleaved, and reports each figure's best (best-of.ts);
 * between measurements a probe times the machine itself, and an env, the toy floor or the
 * world-size curve none of whose runs was on a quiet machine is measured again (host-check.ts;
 * `--no-host-check` skips both);
 * After the figures it checks the performance targets against them (targets.ts; `targets` in the JSON).
 * `--update-readme` rewrites the README's `<!-- bench:start -->` block from the results, and the
 * world-size and LLM blocks when those sections ran (`--llm-only --update-readme`: the LLM block only).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { make, listEnvs } from '../src/core/registry.js';
import { loadBuiltins } from '../src/builtins.js';
import { LLM_MARKERS, benchLlm, formatLlmBench, formatLlmBlock, type LlmBench } from './llm.js';
import { benchStepping, benchReset, oraclePlans } from './stepping.js';
import { benchRecordedEpisodes } from './episodes.js';
import { benchSteadyEpisodes, type SteadyEpisodesBench } from './steady-episodes.js';
import { benchEpisodeBreakdown, type EpisodeBreakdown } from './episode-breakdown.js';
import { benchPropertySweep, type PropertySweepBench } from './property-sweep.js';
import { registerToyEnv, toyPlan } from './toy-env.js';
import { TEAM_FLOOR_LABEL, TEMPLATE_ENV_ID, registerTemplateWorld } from './template-world.js';
import { benchFacts } from './facts.js';
import { benchMetricsPerStep } from './metrics.js';
import { benchRss } from './rss.js';
import { LONG_RUN_EPISODES, bestOfE2e, benchRunEndToEnd, type RunE2e } from './run-e2e.js';
import { benchWorldSize, type WorldSizeBench } from './world-size.js';
import { WORLD_SIZE_MARKERS, formatWorldSizeBlock } from './world-size-table.js';
import { benchBlame } from './blame.js';
import { benchWarmUp, type WarmUpBench } from './warm-up.js';
import {
  FLOOR_LABEL,
  floorInBlock,
  formatBlock,
  formatTable,
  rewriteReadmeBlock,
  updateReadme,
  type TableRow,
} from './readme-table.js';
import { cpuMs, round } from './timing.js';
import { bestOfRounds } from './best-of.js';
import { HostProbes } from './host-check.js';
import { fileCreationUs, keepRunDirsUntilExit } from './run-dirs.js';
import { checkTargets, formatTargets } from './targets.js';

/** The figures of one env (all per one core; µs and ms are medians of CPU time). */
interface EnvBench extends TableRow {
  readonly stepsPerSecond: number;
  readonly productionStepUsMedian: number;
  readonly chaosStepUsMedian: number;
  readonly metricsUsPerStep: number;
  /** The mean per-episode figure beside the median `metricsUsPerStep` (benchmarks/metrics.ts). */
  readonly metricsUsPerStepMean: number;
  /** `productionStepUsMedian + metricsUsPerStep`: a step under `production` with its metrics (target ≤ 12). */
  readonly productionWithMetricsStepUs: number;
  readonly planSteps: number;
  readonly perStepUs100: number;
  readonly perStepUs10k: number;
  readonly heapPerStepBytes100: number;
  readonly heapPerStepBytes10k: number;
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const llmOnly = argv.includes('--llm-only');
const withLlm = llmOnly || !argv.includes('--no-llm');
const updateReadmeToo = argv.includes('--update-readme');
/** `--no-rss`, `--no-world-size`, `--no-e2e`: skip the long run-level sections. */
const withSection = (name: string) => !argv.includes(`--no-${name}`);
/** `--rss-max=N`: the largest run of the RSS curve (1000, 10000 or 100000 episodes). */
const rssMax = Number(argv.find((a) => a.startsWith('--rss-max='))?.split('=')[1] ?? 100_000);
const seconds = Number(argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 1);
/** `--rounds=N`: measure every env N times, interleaved, and keep each figure's best (best-of.ts). */
const rounds = roundsArg(argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length));
/** `--env=ID[,ID]`: measure only these envs (e.g. to compare one env before and after a change). */
const only = argv
  .find((a) => a.startsWith('--env='))
  ?.slice('--env='.length)
  .split(',')
  .filter((id) => id.length > 0);
/** The env of the property sweep. */
const SWEEP_ENV = 'filesystem/rename-symbol-v1';

/** The value of `--rounds=`, checked: a whole number from 1 to 20 (1 when absent). */
function roundsArg(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new Error(`--rounds=${value}: expected a whole number from 1 to 20 (e.g. --rounds=3)`);
  return n;
}

/** A long episode: the plan's non-finishing actions, cycled, with no time limit. */
function benchLong(envId: string, length: number): { perStepUs: number; heapPerStepBytes: number } {
  const plan = (oraclePlans(envId, 2)[1] as { type: string }[]).filter((a) => a.type !== 'finish');
  const env = make(envId, { maxEpisodeSteps: -1 });
  env.reset({ seed: 1 });
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = cpuMs();
  for (let i = 0; i < length; i++) env.step(plan[i % plan.length]);
  const elapsed = cpuMs() - t0;
  globalThis.gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  return { perStepUs: (elapsed * 1000) / length, heapPerStepBytes: Math.max(0, heap1 - heap0) / length };
}

/**
 * One round of an env's figures. `between` runs between its measurements (the host probe), so
 * that a round's probes sample the machine while the round ran.
 */
async function benchEnv(envId: string, between: () => void = () => undefined): Promise<EnvBench> {
  const plans = oraclePlans(envId);
  // Clean last: its code paths are a subset of the perturbed ones, so by then they are all compiled.
  const production = benchStepping(envId, { seconds, plans, perturb: 'production' });
  between();
  const chaos = benchStepping(envId, { seconds, plans, perturb: 'chaos' });
  between();
  const clean = benchStepping(envId, { seconds, plans });
  between();
  const freshClean = benchStepping(envId, { seconds, fresh: true });
  between();
  const metrics = await benchMetricsPerStep(envId);
  const metricsUs = metrics.metricsUsPerStep;
  between();
  const reset = benchReset(envId);
  benchLong(envId, 100); // warm-up
  const short = benchLong(envId, 100);
  const long = benchLong(envId, 10_000);
  between();
  const episodes = await benchRecordedEpisodes(envId, { seconds });
  return {
    env: envId,
    stepUsMedian: clean.stepUsMedian,
    stepsPerSecond: clean.stepsPerSecond,
    freshStepUsMedian: freshClean.stepUsMedian,
    productionStepUsMedian: production.stepUsMedian,
    chaosStepUsMedian: chaos.stepUsMedian,
    metricsUsPerStep: round(metricsUs),
    metricsUsPerStepMean: metrics.metricsUsPerStepMean,
    productionWithMetricsStepUs: round(production.stepUsMedian + metricsUs),
    resetMsMedian: reset.resetMsMedian,
    planSteps: clean.planSteps,
    perStepUs100: round(short.perStepUs),
    perStepUs10k: round(long.perStepUs),
    heapPerStepBytes100: Math.round(short.heapPerStepBytes),
    heapPerStepBytes10k: Math.round(long.heapPerStepBytes),
    episodesPerSecond: episodes.episodesPerSecond,
    stepsPerEpisode: episodes.stepsPerEpisode,
  };
}

/** Figures derived from others, computed again after rounds were combined field by field. */
function withDerivedFigures(row: EnvBench): EnvBench {
  return {
    ...row,
    stepsPerSecond: Math.round(1e6 / row.stepUsMedian),
    productionWithMetricsStepUs: round(row.productionStepUsMedian + row.metricsUsPerStep),
  };
}

/** An env's rounds combined figure by figure (best-of.ts), with the figures derived from them. */
function bestRow(envRounds: readonly EnvBench[]): EnvBench {
  const best = bestOfRounds(envRounds.map((row) => [row]))[0];
  if (!best) throw new Error('bestRow: no round of the env');
  return withDerivedFigures(best);
}

/** The property sweep, `rounds` times: the best round (one sweep is a single second, easily spoiled). */
function bestSweep(envId: string): PropertySweepBench {
  const sweeps = Array.from({ length: rounds }, () => ({ env: envId, ...benchPropertySweep(envId) }));
  return bestOfRounds(sweeps.map((sweep) => [sweep]))[0] as PropertySweepBench;
}

/**
 * Step cost by world size, `rounds` times (and again while no run was quiet): per env and size,
 * the best median and the best mean.
 */
async function bestWorldSize(): Promise<WorldSizeBench> {
  const runs = await probedRuns('world size', rounds, benchWorldSize);
  // Each env's figures by size as one row (every figure a cost), combined as the env rows are.
  const best = (pick: (run: WorldSizeBench) => Record<string, Record<string, number>>) =>
    Object.fromEntries(
      bestOfRounds(runs.map((run) => Object.entries(pick(run)).map(([env, bySize]) => ({ ...bySize, env })))).map(
        ({ env, ...bySize }) => [env, bySize],
      ),
    );
  return { worldSize: best((run) => run.worldSize), worldSizeMean: best((run) => run.worldSizeMean) };
}

/** The toy counter env through the same `make` / `reset` / `step` path: the harness's floor. */
function benchFloor(): TableRow & { stepsPerSecond: number } {
  const id = registerToyEnv();
  const stepping = benchStepping(id, { seconds, plans: [toyPlan()] });
  return {
    env: `${id} ${FLOOR_LABEL}`,
    stepUsMedian: stepping.stepUsMedian,
    stepsPerSecond: stepping.stepsPerSecond,
    freshStepUsMedian: null,
    productionStepUsMedian: null,
    metricsUsPerStep: null,
    resetMsMedian: benchReset(id).resetMsMedian,
    episodesPerSecond: null,
    stepsPerEpisode: null,
  };
}

/**
 * The new-world template measured as every env is (template-world.ts): the harness's own cost per
 * recorded team episode. Its row, labelled as the floor, and its breakdown (with that section).
 */
async function benchTeamFloor(): Promise<{ row: EnvBench; breakdown: EpisodeBreakdown | null }> {
  const id = await registerTemplateWorld();
  const env = `${id} ${TEAM_FLOOR_LABEL}`;
  const best = bestRow((await measureEnvs([id])).get(id) ?? []);
  const steady = withSection('steady') ? (await benchSteadyEpisodes(id)).steadyEpisodesPerSecond : undefined;
  const breakdown = withSection('breakdown') ? { ...(await benchEpisodeBreakdown(id)), env } : null;
  const row = {
    ...best,
    env,
    ...(steady !== undefined ? { steadyEpisodesPerSecond: steady } : {}),
  };
  return { row, breakdown };
}

/** The best of the toy floor's runs, figure by figure (best-of.ts). */
function bestFloor(runs: readonly (TableRow & { stepsPerSecond: number })[]): TableRow & { stepsPerSecond: number } {
  const best = bestOfRounds(runs.map((run) => [run]))[0];
  if (!best) throw new Error('bestFloor: no run of the toy floor');
  return { ...best, stepsPerSecond: Math.round(1e6 / best.stepUsMedian) };
}

/** The host probes of this run (host-check.ts). */
const hostProbes = new HostProbes(withSection('host-check'));

/**
 * Every env's rounds, interleaved, with the host probed around and between the measurements of
 * each (host-check.ts); then extra rounds of the envs none of whose rounds ran on a quiet machine.
 * Returns each env's rounds.
 */
async function measureEnvs(envs: readonly string[]): Promise<Map<string, EnvBench[]>> {
  const rows = new Map<string, EnvBench[]>(envs.map((id) => [id, []]));
  const measure = async (id: string) => {
    rows.get(id)?.push(await hostProbes.run(id, (between) => benchEnv(id, between)));
  };
  for (let r = 0; r < rounds; r++) {
    // Every other round in reverse order, so no env is always measured at the same point of a run.
    const order = r % 2 === 0 ? envs : [...envs].reverse();
    for (const id of order) await measure(id);
  }
  await hostProbes.remeasure(envs, measure);
  return rows;
}

/**
 * `measure` run `times` times under the host probes, then again while none of its runs was
 * quiet (host-check.ts): every run's result, for a best-of.
 */
async function probedRuns<T>(label: string, times: number, measure: () => T): Promise<T[]> {
  const runs: T[] = [];
  const once = async () => {
    runs.push(await hostProbes.run(label, () => measure()));
  };
  for (let i = 0; i < times; i++) await once();
  await hostProbes.remeasure([label], once);
  return runs;
}

async function main(): Promise<void> {
  loadBuiltins();
  // A measurement's files are deleted at the exit, not after it: deleting files slows the
  // creation of the next measurement's on some file systems (run-dirs.ts).
  keepRunDirsUntilExit();
  // Before anything is written, and again at the end: the state the file system was left in.
  const fileCreationStartUs = fileCreationUs();
  // The built-in envs, before any bench env is registered (the sections that take every
  // registered env take these).
  const builtinEnvs = listEnvs().map((s) => s.id);
  const envs = llmOnly ? [] : builtinEnvs.filter((id) => !only || only.includes(id));
  const roundsByEnv = await measureEnvs(envs);
  const firstRates = envs.map((id) => bestRow(roundsByEnv.get(id) ?? []));
  // After every round: the settled rate of a long run, once per env (it runs until it settles).
  const steady: (SteadyEpisodesBench & { env: string })[] = [];
  if (!llmOnly && withSection('steady'))
    for (const id of envs) steady.push({ env: id, ...(await benchSteadyEpisodes(id)) });
  const results = firstRates.map((row) => {
    const settled = steady.find((s) => s.env === row.env);
    return settled ? { ...row, steadyEpisodesPerSecond: settled.steadyEpisodesPerSecond } : row;
  });
  const floor = llmOnly ? null : bestFloor(await probedRuns('toy floor', 1, benchFloor));
  const sweepEnv = envs.includes(SWEEP_ENV) ? SWEEP_ENV : envs[0];
  const propertySweep: (PropertySweepBench & { env: string }) | null = sweepEnv
    ? { env: sweepEnv, ...bestSweep(sweepEnv) }
    : null;
  const extra: Record<string, unknown> = {};
  if (steady.length > 0) extra['steadyEpisodes'] = steady;
  let breakdown: EpisodeBreakdown[] | undefined;
  if (!llmOnly && withSection('breakdown')) {
    breakdown = [];
    for (const id of envs) breakdown.push(await benchEpisodeBreakdown(id));
    extra['episodeBreakdown'] = breakdown;
  }
  if (!llmOnly) {
    extra['facts'] = benchFacts();
    if (withSection('world-size')) extra['worldSize'] = await bestWorldSize();
    if (withSection('e2e')) {
      const runs: RunE2e[] = [];
      for (let r = 0; r < rounds; r++) runs.push(await benchRunEndToEnd());
      extra['runE2e'] = bestOfE2e(runs);
      const long: RunE2e[] = [];
      for (let r = 0; r < rounds; r++)
        long.push(await benchRunEndToEnd({ episodes: LONG_RUN_EPISODES, fromSources: false }));
      extra['runE2eLong'] = bestOfE2e(long);
    }
    if (withSection('warm-up')) extra['warmUp'] = await benchWarmUp();
    if (withSection('rss')) Object.assign(extra, await benchRss({ maxEpisodes: rssMax }));
    if (withSection('blame')) extra['blame'] = await benchBlame();
  }
  // Last, so that no section before it sees its env registered.
  const teamFloor =
    llmOnly || !withSection('team-floor') || (only && !only.includes(TEMPLATE_ENV_ID)) ? null : await benchTeamFloor();
  // The run-level sections that the README block and the targets read, as measured (or absent).
  const rssMbAt = extra['rssMbAt'] as Record<string, number> | undefined;
  const endToEnd = extra['runE2e'] as RunE2e | undefined;
  const endToEndLong = extra['runE2eLong'] as RunE2e | undefined;
  const measuredWorldSize = extra['worldSize'] as WorldSizeBench | undefined;
  const targets = llmOnly
    ? []
    : checkTargets({
        envs: [...results],
        ...(teamFloor ? { teamFloor: teamFloor.row } : {}),
        ...(propertySweep ? { propertySweep } : {}),
        ...(rssMbAt ? { rssMbAt } : {}),
        ...(endToEnd ? { endToEnd } : {}),
        ...(endToEndLong ? { endToEndLong } : {}),
        ...(measuredWorldSize ? { worldSize: measuredWorldSize } : {}),
      });
  if (teamFloor) {
    results.push(teamFloor.row);
    if (breakdown && teamFloor.breakdown) breakdown.push(teamFloor.breakdown);
  }
  const hostCheck = hostProbes.check();
  if (hostCheck) extra['hostCheck'] = hostCheck;
  const fileCreation = { startUs: fileCreationStartUs, endUs: fileCreationUs() };
  extra['fileCreation'] = fileCreation;
  const llm: LlmBench | null = withLlm ? await benchLlm({ envs: builtinEnvs }) : null;
  // The world-size block is rewritten only from a run that measured every env's family.
  const worldSize = only ? undefined : measuredWorldSize;

  if (updateReadmeToo && results.length > 0) {
    const readme = fileURLToPath(new URL('../README.md', import.meta.url));
    const date = new Date().toISOString().slice(0, 10);
    const previousFloorUs = floorInBlock(readFileSync(readme, 'utf8'));
    updateReadme(
      readme,
      formatBlock(
        [...results, ...(floor ? [floor] : [])],
        {
          ...(propertySweep ? { propertySweep } : {}),
          ...(rssMbAt ? { rssMbAt } : {}),
          ...(endToEnd ? { endToEnd } : {}),
          ...(endToEndLong ? { endToEndLong } : {}),
          ...(breakdown ? { breakdown } : {}),
          ...(extra['warmUp'] ? { warmUp: extra['warmUp'] as WarmUpBench } : {}),
          ...(hostCheck ? { hostCheck } : {}),
          fileCreation,
          rounds,
          ...(previousFloorUs !== null ? { previousFloorUs } : {}),
          targets,
        },
        date,
      ),
      worldSize ? [{ markers: WORLD_SIZE_MARKERS, block: formatWorldSizeBlock(worldSize, date, rounds) }] : [],
    );
  }
  if (updateReadmeToo && llm)
    rewriteReadmeBlock(
      fileURLToPath(new URL('../README.md', import.meta.url)),
      LLM_MARKERS,
      formatLlmBlock(llm, new Date().toISOString().slice(0, 10)),
    );
  if (json) {
    const out = {
      node: process.version,
      rounds,
      results,
      floor,
      propertySweep,
      ...extra,
      ...(targets.length > 0 ? { targets } : {}),
      ...(llm ? { llm } : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  if (!llmOnly) {
    process.stdout.write(
      `faultline benchmarks (node ${process.version}, one core, ${seconds}s per timed measurement${rounds > 1 ? `, best of ${rounds} rounds` : ''})\n\n`,
    );
    process.stdout.write(`${formatTable([...results, ...(floor ? [floor] : [])])}\n`);
    if (propertySweep)
      process.stdout.write(
        `\nproperty sweep (${propertySweep.runs} runs × ${propertySweep.stepsPerRun} steps, ${propertySweep.env}): ${propertySweep.propertySweepMs} ms wall, ${propertySweep.propertySweepCpuMs} ms CPU\n`,
      );
    for (const [field, value] of Object.entries(extra)) process.stdout.write(`${field}: ${JSON.stringify(value)}\n`);
    if (targets.length > 0)
      process.stdout.write(`\nperformance targets (benchmarks/README.md):\n${formatTargets(targets)}\n`);
  }
  if (llm) process.stdout.write(`${llmOnly ? '' : '\n'}${formatLlmBench(llm)}`);
}

await main();
