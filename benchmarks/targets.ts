/**
 * The performance targets (issue 15, benchmarks/README.md "Targets"), checked against one bench
 * run: for each, what it asks, what the run measured and whether that meets it. `npm run bench`
 * prints them after its table and under `targets` in its JSON, and `--update-readme` writes them
 * at the end of the README's bench block, so which targets hold on a machine comes from a command
 * and not from reading the figures against the list by hand.
 *
 * A target is checked only when the run measured what it needs (`--no-e2e`, `--rss-max` below
 * 100,000, `--env=` without the world-size run leave theirs out). "Digests stay exact" is not a
 * figure: the golden and immutability tests check it, not the bench.
 */
import type { EndToEndNote, TableRow } from './readme-table.js';
import type { WorldSizeBench } from './world-size.js';
import { sizeRatio, sizesOf } from './world-size-table.js';
import { num } from './figures.js';

/** Median µs per step (clean) a world may take. */
export const CLEAN_STEP_US = 10;
/** Median µs per step under `production`, with the failure-mode metrics, a world may take. */
export const PRODUCTION_STEP_US = 12;
/** Recorded oracle episodes per CPU second a world must reach. */
export const EPISODES_PER_SECOND = 500;
/** `faultline run --workers 2` end to end against the same plan in process on one thread. */
export const END_TO_END_RATIO = 0.8;
/** Peak RSS, in MB, a 100,000-episode run must stay under. */
export const RSS_MB_AT_100K = 300;
/** How many times its smallest world's step cost an env's largest world may take. */
export const WORLD_SIZE_RATIO = 2;
/** Wall ms a 100 × 50-step property sweep must finish in. */
export const PROPERTY_SWEEP_MS = 1000;

/** What the targets are checked against: the sections of one bench run that were measured. */
export interface TargetInputs {
  /** The built-in envs' rows (not the toy floor's or the team floor's). */
  readonly envs: readonly TableRow[];
  /** The team floor's row: the most any world can reach, shown beside the episode target. */
  readonly teamFloor?: TableRow;
  readonly propertySweep?: { readonly propertySweepMs: number };
  readonly rssMbAt?: Readonly<Record<string, number>>;
  readonly endToEnd?: EndToEndNote;
  readonly endToEndLong?: EndToEndNote;
  readonly worldSize?: WorldSizeBench;
}

/** One target as a run measured it. */
export interface TargetCheck {
  /** What is measured ("step, clean"). */
  readonly target: string;
  /** What the target asks ("≤ 10 µs median, every env"). */
  readonly goal: string;
  /** What the run measured, with the envs that miss it. */
  readonly measured: string;
  readonly met: boolean;
}

/**
 * A per-env ceiling or floor over the rows that have the figure: how many envs meet it, and the
 * ones that do not with their figure (null when no row has it).
 */
function perEnv(
  rows: readonly TableRow[],
  figure: (row: TableRow) => number | null,
  meets: (value: number) => boolean,
  unit: string,
): { measured: string; met: boolean } | null {
  const measured = rows.flatMap((row) => {
    const value = figure(row);
    return value === null || !Number.isFinite(value) ? [] : [{ env: row.env, value }];
  });
  if (measured.length === 0) return null;
  const misses = measured.filter((m) => !meets(m.value));
  const count = `${measured.length - misses.length} of ${measured.length} envs`;
  const missed = misses.map((m) => `${m.env} ${num(m.value, 2)}${unit}`).join(', ');
  return { measured: misses.length === 0 ? count : `${count}; not: ${missed}`, met: misses.length === 0 };
}

/** An env's recorded episodes per second: the better of its first second and its settled rate. */
function episodeRate(row: TableRow): number | null {
  const rates = [row.episodesPerSecond, row.steadyEpisodesPerSecond ?? null].filter(
    (rate): rate is number => typeof rate === 'number' && Number.isFinite(rate),
  );
  return rates.length === 0 ? null : Math.max(...rates);
}

/** The targets the run measured what they need for, in the order benchmarks/README.md lists them. */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const clean = perEnv(
    inputs.envs,
    (row) => row.stepUsMedian,
    (us) => us <= CLEAN_STEP_US,
    ' µs',
  );
  if (clean) checks.push({ target: 'step, clean', goal: `≤ ${CLEAN_STEP_US} µs median, every env`, ...clean });
  const production = perEnv(
    inputs.envs,
    (row) =>
      row.productionStepUsMedian === null || row.metricsUsPerStep === null
        ? null
        : row.productionStepUsMedian + row.metricsUsPerStep,
    (us) => us <= PRODUCTION_STEP_US,
    ' µs',
  );
  if (production)
    checks.push({
      target: 'step, `production` + metrics',
      goal: `≤ ${PRODUCTION_STEP_US} µs median, every env`,
      ...production,
    });
  const episodes = perEnv(inputs.envs, episodeRate, (rate) => rate >= EPISODES_PER_SECOND, '/s');
  if (episodes) {
    const floorRate = inputs.teamFloor ? episodeRate(inputs.teamFloor) : null;
    const floor = floorRate === null ? '' : `; the team floor (the most any world can reach): ${num(floorRate, 1)}/s`;
    checks.push({
      target: 'recorded oracle episodes per CPU second',
      goal: `≥ ${EPISODES_PER_SECOND}, every env (first second or settled)`,
      measured: `${episodes.measured}${floor}`,
      met: episodes.met,
    });
  }
  const runs = [inputs.endToEnd, inputs.endToEndLong].filter((run): run is EndToEndNote => run !== undefined);
  if (runs.length > 0)
    checks.push({
      target: '`faultline run` end to end, 2 workers',
      goal: `≥ ${END_TO_END_RATIO}× the same plan in process on one thread`,
      measured: runs
        .map((run) => `${run.episodes.toLocaleString('en-US')} episodes ${num(run.cliVsInProcess, 2)}×`)
        .join(', '),
      met: runs.every((run) => run.cliVsInProcess >= END_TO_END_RATIO),
    });
  const rss = inputs.rssMbAt?.['100000'];
  if (rss !== undefined)
    checks.push({
      target: 'peak RSS of a 100,000-episode run',
      goal: `< ${RSS_MB_AT_100K} MB`,
      measured: `${num(rss, 0)} MB`,
      met: rss < RSS_MB_AT_100K,
    });
  const sizes = inputs.worldSize ? worldSizeRatios(inputs.worldSize) : [];
  if (sizes.length > 0) {
    const misses = sizes.filter((s) => s.ratio > WORLD_SIZE_RATIO);
    const worst = sizes.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    checks.push({
      target: 'step cost by world size',
      goal: `largest world within ${WORLD_SIZE_RATIO}× the smallest, every env`,
      measured: `${sizes.length - misses.length} of ${sizes.length} envs; the most: ${worst.env} ${num(worst.ratio, 2)}× (${worst.largest.toLocaleString('en-US')} vs ${worst.smallest.toLocaleString('en-US')})`,
      met: misses.length === 0,
    });
  }
  if (inputs.propertySweep)
    checks.push({
      target: 'property sweep, 100 runs × 50 steps',
      goal: `< ${num(PROPERTY_SWEEP_MS, 0)} ms`,
      measured: `${num(inputs.propertySweep.propertySweepMs, 0)} ms`,
      met: inputs.propertySweep.propertySweepMs < PROPERTY_SWEEP_MS,
    });
  return checks;
}

/** Per env of the world-size run: its largest size's median step against its smallest's. */
function worldSizeRatios(bench: WorldSizeBench): { env: string; smallest: number; largest: number; ratio: number }[] {
  return Object.entries(bench.worldSize).flatMap(([env, bySize]) => {
    const sizes = sizesOf(bySize);
    const smallest = sizes[0];
    const largest = sizes.at(-1);
    const ratio = sizeRatio(bySize, smallest, largest);
    if (smallest === undefined || largest === undefined || smallest === largest || ratio === undefined) return [];
    return [{ env, smallest, largest, ratio }];
  });
}

/** The checks as a markdown table: target, goal, measured, met. */
export function formatTargets(checks: readonly TargetCheck[]): string {
  const lines = ['| target | goal | measured | met |', '|---|---|---|---|'];
  for (const c of checks) lines.push(`| ${c.target} | ${c.goal} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}
