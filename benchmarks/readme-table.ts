/**
 * The README's benchmark table, generated from `npm run bench` results and written between
 * `<!-- bench:start -->` and `<!-- bench:end -->` by `npm run bench -- --update-readme`, with the
 * date and the machine it was measured on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { EPISODE_PHASES, type EpisodeBreakdown } from './episode-breakdown.js';
import type { WarmUpBench } from './warm-up.js';
import type { HostCheck } from './host-check.js';
import { formatTargets, type TargetCheck } from './targets.js';
import { num } from './figures.js';

/** One row of the table (an env, or the toy env that is the harness's floor). */
export interface TableRow {
  readonly env: string;
  readonly stepUsMedian: number;
  /** The same on seeds never stepped before (see `SteppingOptions.fresh`); null for the toy floor. */
  readonly freshStepUsMedian: number | null;
  readonly productionStepUsMedian: number | null;
  readonly metricsUsPerStep: number | null;
  readonly resetMsMedian: number;
  readonly episodesPerSecond: number | null;
  /** Recorded episodes per second once the rate has settled (steady-episodes.ts); absent when not measured. */
  readonly steadyEpisodesPerSecond?: number | null;
  readonly stepsPerEpisode: number | null;
}

/** What the lines under the table report, when measured. */
export interface TableNotes {
  readonly propertySweep?: {
    readonly env: string;
    readonly propertySweepMs: number;
    readonly propertySweepCpuMs: number;
  };
  readonly rssMbAt?: Readonly<Record<string, number>>;
  /** `faultline run` end to end against the same plan in process (run-e2e.ts). */
  readonly endToEnd?: EndToEndNote;
  /** The same over a longer run (`LONG_RUN_EPISODES`), where start-up is a small part of the command. */
  readonly endToEndLong?: EndToEndNote;
  /** How many interleaved rounds the env rows are the best of (1: a single run). */
  readonly rounds?: number;
  /** Where a recorded episode's time goes, per env (episode-breakdown.ts). */
  readonly breakdown?: readonly EpisodeBreakdown[];
  /** A fresh process's first episodes, block by block (warm-up.ts). */
  readonly warmUp?: WarmUpBench;
  /** How quiet the machine was while the bench measured (host-check.ts). */
  readonly hostCheck?: HostCheck;
  /** Median µs of creating a file at the start and at the end of the run (run-dirs.ts). */
  readonly fileCreation?: { readonly startUs: number; readonly endUs: number };
  /** The toy floor's µs/step in the block this one replaces ({@link floorInBlock}). */
  readonly previousFloorUs?: number;
  /** The performance targets checked against this run (targets.ts). */
  readonly targets?: readonly TargetCheck[];
}

/** The figures of one end-to-end measurement that the README reports (run-e2e.ts). */
export interface EndToEndNote {
  readonly env: string;
  readonly episodes: number;
  readonly workers: number;
  readonly cliEpisodesPerSecond: number;
  readonly inProcessEpisodesPerSecond: number;
  readonly cliVsInProcess: number;
  readonly cliVsInProcessByRound?: readonly number[];
  /** Absent from figures measured before the fixed cost was split off. */
  readonly cliFixedSeconds?: number;
  readonly cliRunEpisodesPerSecond?: number;
  readonly cliRunVsInProcess?: number;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** A one-line description of this machine: CPU model, cores, memory, Node version. */
export function machineNote(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
}

/** The markdown table (header, alignment row, one line per row). */
export function formatTable(rows: readonly TableRow[]): string {
  const lines = [
    '| env | µs/step (clean) | steps/s (clean) | µs/step (clean, new seeds) | µs/step (production + metrics) | reset (ms) | oracle episodes/s (recorded) | … settled (long run) | steps/episode |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const production = r.productionStepUsMedian === null ? null : r.productionStepUsMedian + (r.metricsUsPerStep ?? 0);
    lines.push(
      `| ${[
        r.env,
        num(r.stepUsMedian),
        num(Math.round(1e6 / r.stepUsMedian), 0),
        num(r.freshStepUsMedian),
        num(production),
        num(r.resetMsMedian, 3),
        num(r.episodesPerSecond, 1),
        num(r.steadyEpisodesPerSecond ?? null, 1),
        num(r.stepsPerEpisode, 1),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The markdown table of where a recorded episode's time goes: one line per env, shares in percent. */
export function formatBreakdownTable(rows: readonly EpisodeBreakdown[]): string {
  const lines = [
    `| env | ms/episode (wall) | CPU ms (all threads) | ${EPISODE_PHASES.join(' | ')} |`,
    `|---|---:|---:|${EPISODE_PHASES.map(() => '---:|').join('')}`,
  ];
  for (const r of rows)
    lines.push(
      `| ${[r.env, num(r.episodeMs), num(r.cpuMs), ...EPISODE_PHASES.map((phase) => `${num(r.phasesPercent[phase], 1)}%`)].join(' | ')} |`,
    );
  return lines.join('\n');
}

/** The whole block between the markers: when and where, the table, and the run-level figures. */
export function formatBlock(rows: readonly TableRow[], notes: TableNotes, date: string): string {
  const rounds = notes.rounds ?? 1;
  const how = rounds > 1 ? `, each env figure the best of ${rounds} interleaved rounds` : '';
  const parts = [`Measured ${date} on ${machineNote()}, one core per measurement${how}.`, '', formatTable(rows)];
  const extra: string[] = [];
  if (notes.hostCheck) extra.push(formatHostCheck(notes.hostCheck));
  const floor = rows.find((r) => r.env.endsWith(FLOOR_LABEL));
  if (floor && notes.previousFloorUs !== undefined) {
    const slower = floorSlowdown(floor.stepUsMedian, notes.previousFloorUs);
    if (slower !== null) extra.push(slower);
  }
  if (notes.fileCreation) extra.push(formatFileCreation(notes.fileCreation));
  if (rows.some((r) => typeof r.steadyEpisodesPerSecond === 'number'))
    extra.push(
      '`… settled (long run)`: the same recorded episodes once their rate per CPU second stopped rising, the best one-second window of a run of them (V8 compiles the episode path during the first seconds, on CPU that counts; benchmarks/steady-episodes.ts).',
    );
  if (notes.propertySweep)
    extra.push(
      `Property sweep (100 runs × 50 steps, fast-check, ${notes.propertySweep.env}, \`chaos\`): ${num(notes.propertySweep.propertySweepMs, 0)} ms (${num(notes.propertySweep.propertySweepCpuMs, 0)} ms CPU).`,
    );
  if (notes.rssMbAt)
    extra.push(
      `Peak RSS of \`faultline run --workers 1\` (compiled, the whole process, every episode recorded): ${Object.entries(
        notes.rssMbAt,
      )
        .map(([n, mb]) => `${Number(n).toLocaleString('en-US')} episodes ${num(mb, 0)} MB`)
        .join(', ')}.`,
    );
  if (notes.endToEnd) {
    const e = notes.endToEnd;
    const byRound = roundRatios(e);
    const { cliFixedSeconds: fixedSeconds, cliRunEpisodesPerSecond: runRate, cliRunVsInProcess: runRatio } = e;
    // Absent (figures from before the split) or not a number (the command's printed rate was not found): left out.
    const fixed =
      isMeasured(fixedSeconds) && isMeasured(runRate) && isMeasured(runRatio)
        ? ` The command spends ${num(fixedSeconds, 2)} s outside its run (start-up and loading in every thread before it, the summary and exit after it; the least of the rounds): the run itself, as the command prints it, went at ${num(runRate, 1)} episodes/s, ${num(runRatio)}× in process.`
        : '';
    extra.push(
      `\`faultline run\` end to end (${e.episodes} recorded ${e.env} oracle episodes, ${e.workers} workers, the whole command): ${num(e.cliEpisodesPerSecond, 1)} episodes/s, ${num(e.cliVsInProcess)}× the same plan in process on one thread (${num(e.inProcessEpisodesPerSecond, 1)}${byRound}).${fixed}`,
    );
  }
  if (notes.endToEndLong) extra.push(formatLongEndToEnd(notes.endToEndLong));
  if (notes.warmUp) extra.push(formatWarmUp(notes.warmUp));
  if (extra.length > 0) parts.push('', ...extra);
  if (notes.breakdown && notes.breakdown.length > 0)
    parts.push(
      '',
      `Where a recorded oracle episode's time goes (\`production\`, new seeds, ${notes.breakdown[0]?.episodes} episodes per env after as many as warm-up; shares of its wall time):`,
      '',
      formatBreakdownTable(notes.breakdown),
    );
  if (notes.targets && notes.targets.length > 0)
    parts.push(
      '',
      'The performance targets (benchmarks/README.md, "Targets") against the figures above:',
      '',
      formatTargets(notes.targets),
    );
  return parts.join('\n');
}

/** The README's line on the long end-to-end run: the same command and plan, longer. */
export function formatLongEndToEnd(e: EndToEndNote): string {
  const byRound = roundRatios(e);
  const fixed = isMeasured(e.cliFixedSeconds) ? `, ${num(e.cliFixedSeconds, 2)} s of it outside the run` : '';
  return `The same over ${e.episodes.toLocaleString('en-US')} episodes: ${num(e.cliEpisodesPerSecond, 1)} episodes/s for the whole command${fixed}, ${num(e.cliVsInProcess)}× in process (${num(e.inProcessEpisodesPerSecond, 1)}${byRound}).`;
}

/** `; each round's own ratio …` for an end-to-end figure of several rounds, else nothing. */
function roundRatios(e: EndToEndNote): string {
  const ratios = e.cliVsInProcessByRound;
  return ratios && ratios.length > 1 ? `; each round's own ratio ${ratios.map((r) => num(r)).join(', ')}` : '';
}

/**
 * The README's line on the host check: how quiet the machine was in each measurement's quietest
 * run, which measurements were run again, and which never had a quiet run (their figures may be
 * slowed).
 */
export function formatHostCheck(h: HostCheck): string {
  const slowdowns = Object.values(h.quietest);
  const within = h.notQuiet.length === 0 ? `each within the ${num(h.limit)}× limit` : `limit ${num(h.limit)}×`;
  const head = `Host check (benchmarks/host-check.ts): a fixed probe workload timed before, between and after the measurements (each env's rounds, the toy floor, the world-size runs), ${num(h.quickestProbeMs, 2)} ms at its quickest; the quietest run of each ran at ${slowdowns.length > 0 ? `≤ ${num(Math.max(...slowdowns))}×` : '1×'} that (${within}).`;
  const again = h.remeasured.length > 0 ? ` Measured again for want of a quiet run: ${h.remeasured.join(', ')}.` : '';
  const slowed =
    h.notQuiet.length > 0
      ? ` No quiet run even then, so their figures may be slowed by the machine: ${h.notQuiet.map((label) => `${label} (${num(h.quietest[label] ?? 0)}×)`).join(', ')}.`
      : '';
  return `${head}${again}${slowed}`;
}

/** The README's line on a fresh process's first episodes (warm-up.ts). */
export function formatWarmUp(w: WarmUpBench): string {
  const rates = w.blocks.map((b) => num(b.episodesPerCpuSecond, 0)).join(', ');
  const shares = w.blocks.map((b) => b.offThreadShare);
  const off = shares.every((share): share is number => share !== null)
    ? `; of that CPU, ${shares.map((share) => `${num(share * 100, 0)}%`).join(', ')} was on V8's other threads (its optimizing compiler and the collector's helpers), and the thread running the episodes alone went at ${w.blocks.map((b) => num(b.episodesPerThreadSecond, 0)).join(', ')} episodes per CPU second`
    : '';
  return `A fresh process's first episodes (the compiled package, \`evaluate\` on its main thread, ${w.env} oracle, \`production\`, recorded; blocks of ${w.episodesPerBlock}): ${rates} episodes per CPU second${off} (benchmarks/warm-up.ts).`;
}

/** The start and end markers of a generated block. */
export interface BlockMarkers {
  readonly start: string;
  readonly end: string;
}

/** The markers of the benchmark table's block. */
export const BENCH_MARKERS: BlockMarkers = { start: START, end: END };

/**
 * Replaces the block between `markers` (the bench table's by default) of `text`; throws when the
 * markers are missing.
 */
export function replaceBlock(text: string, block: string, markers: BlockMarkers = BENCH_MARKERS): string {
  const span = blockSpan(text, markers);
  if (span === null)
    throw new Error(
      `README.md has no ${markers.start} … ${markers.end} block; put the two markers where the table goes.`,
    );
  return `${text.slice(0, span.start)}\n${block}\n${text.slice(span.end)}`;
}

/** Where the text between `markers` starts (after the start marker) and ends; null without them. */
function blockSpan(text: string, markers: BlockMarkers): { start: number; end: number } | null {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end, start);
  return start < 0 || end < 0 ? null : { start: start + markers.start.length, end };
}

/** Rewrites one generated block of the README at `path` (the text between `markers`). */
export function rewriteReadmeBlock(path: string, markers: BlockMarkers, block: string): void {
  writeFileSync(path, replaceBlock(readFileSync(path, 'utf8'), block, markers));
}

/** Rewrites generated blocks of the README at `path`: each block's text between its markers. */
export function updateReadme(
  path: string,
  block: string,
  more: readonly { readonly markers: BlockMarkers; readonly block: string }[] = [],
): void {
  let text = replaceBlock(readFileSync(path, 'utf8'), block);
  for (const extra of more) text = replaceBlock(text, extra.block, extra.markers);
  writeFileSync(path, text);
}

/** How the toy floor's row is labelled: its env id, then this. */
export const FLOOR_LABEL = '(toy floor)';

/**
 * How much slower the toy floor may read than in the block a run replaces before the new block
 * says so. The floor is the harness stepping a counter: nothing in it changes between two runs
 * of one tree on one machine, so a slower floor is a slower machine — which the host probe can
 * miss (on 2026-12-07 envs whose probes passed read 1.39–1.55× their quiet figures, while the floor
 * read 0.28–0.30 µs against 0.22).
 */
export const FLOOR_LIMIT = 1.15;

/**
 * The toy floor's µs/step in a README's bench block (the first number of its floor row), or null
 * when the text has no block or the block no floor row.
 */
export function floorInBlock(readme: string): number | null {
  const span = blockSpan(readme, BENCH_MARKERS);
  if (span === null) return null;
  for (const line of readme.slice(span.start, span.end).split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // A table row: '', env, figures…, ''.
    if (cells.length < 3 || !(cells[1] ?? '').endsWith(FLOOR_LABEL)) continue;
    const us = Number((cells[2] ?? '').replace(/,/g, ''));
    return Number.isFinite(us) && us > 0 ? us : null;
  }
  return null;
}

/**
 * The README's warning when the toy floor read more than {@link FLOOR_LIMIT}× what it read in the
 * block being replaced; null otherwise.
 */
export function floorSlowdown(floorUs: number, previousUs: number): string | null {
  if (!(previousUs > 0) || floorUs <= previousUs * FLOOR_LIMIT) return null;
  return `**The toy floor (the harness alone) read ${num(floorUs)} µs/step, ${num(floorUs / previousUs)}× the ${num(previousUs)} of the block this run replaced: the machine (or the harness) was slower than when that block was measured, whatever the host check says, so every figure here may be high. Before committing, run again on a quiet machine, or compare the two trees side by side with benchmarks/compare.ts.**`;
}

/** Whether an optional figure was measured: present and a finite number. */
function isMeasured(figure: number | undefined): figure is number {
  return Number.isFinite(figure);
}

/** µs per created file above which files deleted shortly before are slowing the run's writes. */
export const SLOW_FILE_CREATION_US = 100;

/** The README's line on how long creating a file took, with a warning when it was slow. */
export function formatFileCreation(f: NonNullable<TableNotes['fileCreation']>): string {
  const line = `Creating an empty file in the bench's run directory took ${num(f.startUs, 1)} µs at the start of the run and ${num(f.endUs, 1)} µs at its end (median of 200; benchmarks/run-dirs.ts).`;
  return f.startUs > SLOW_FILE_CREATION_US
    ? `${line} **Above ${SLOW_FILE_CREATION_US} µs at the start: files deleted on this file system in the minutes before slowed every trajectory file written, so the episode and end-to-end figures are low; run again after a few quiet minutes.**`
    : line;
}
