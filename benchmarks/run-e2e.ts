/**
 * `faultline run` end to end against the in-process figure: the same plan (one env, the oracle
 * team, seeds 0..N-1, recorded) run as `faultline run … --workers 2 --out DIR` in a child process
 * (progress bar and summary included), and through `runEvaluation` with 1 worker in this process.
 * The command measured is the compiled one (`FAULTLINE_DIST=1`, built first when dist/ is stale),
 * which is what an installed package runs; the checkout's TypeScript sources through tsx are
 * measured too, as `cliSource…`.
 *
 * - `cliEpisodesPerSecond`: N over the child's whole wall time — start-up, worker threads, the
 *   run, the summary, exit;
 * - `cliRunEpisodesPerSecond`: what the command itself prints (from the start of the run to its
 *   end: worker start-up included, process start-up not);
 * - `cliFixedSeconds`: the rest of the command's wall time — the process starting and loading the
 *   package before the run, and the summary and exit after it — paid once per command and growing
 *   only slowly with its length (the summary), so that a short run's ratio is mostly this and a
 *   long run's is the run's rate;
 * - `cliRunVsInProcess`: cliRunEpisodesPerSecond / inProcessEpisodesPerSecond;
 * - `inProcessEpisodesPerSecond`: `runEvaluation` with 1 worker, recorded, this process already warm;
 * - `…CpuMsPerEpisode`: CPU time (every thread, user + system) per episode of each — the figure to
 *   compare on a shared machine, where wall time depends on the neighbours (the CLI's needs
 *   `/usr/bin/time`; null without it).
 *
 * `npm run bench -- --rounds=N` runs it N times and reports {@link bestOfE2e} of the runs, then as
 * many times again with {@link LONG_RUN_EPISODES} episodes (without the sources' command): the
 * fixed cost is the same whatever the run's length, so the two lengths show how much of the short
 * run's ratio is start-up and what a run of the length users evaluate on gets.
 *
 * Run alone: `node --conditions=source --import tsx benchmarks/run-e2e.ts [--env=ID] [--episodes=N] [--no-source]`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadBuiltins } from '../src/builtins.js';
import { runEvaluation } from '../src/run/runner.js';
import { bestOfRounds } from './best-of.js';
import { COMPILED, FAULTLINE_BIN, GNU_TIME as TIME, ensureBuilt, gnuTimeFigures } from './compiled-cli.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';
import { flag } from './flags.js';

/** Options of {@link benchRunEndToEnd}. */
export interface RunE2eOptions {
  /** @defaultValue 'flaky-api/migrate-records-v1' */
  readonly env?: string;
  /** Episodes (seeds 0..N-1). @defaultValue 500 */
  readonly episodes?: number;
  /** Worker threads of the CLI run. @defaultValue 2 */
  readonly workers?: number;
  /**
   * Also time the command from the checkout's sources (`cliSource…`). A long run leaves it out:
   * through tsx it takes about twice as long and says nothing the short one does not.
   * @defaultValue true
   */
  readonly fromSources?: boolean;
}

/** The run length of the long end-to-end measurement: long enough that start-up is a small part of it. */
export const LONG_RUN_EPISODES = 2_000;

/** What {@link benchRunEndToEnd} measured. */
export interface RunE2e {
  readonly env: string;
  readonly episodes: number;
  readonly workers: number;
  readonly cliEpisodesPerSecond: number;
  readonly cliRunEpisodesPerSecond: number;
  /** The same command run from the TypeScript sources of a checkout (through tsx), whole wall time; null when not timed. */
  readonly cliSourceEpisodesPerSecond: number | null;
  readonly inProcessEpisodesPerSecond: number;
  /** cliEpisodesPerSecond / inProcessEpisodesPerSecond (the target is ≥ 0.8). */
  readonly cliVsInProcess: number;
  /** The command's wall seconds outside the run it prints: start-up and loading before it, summary and exit after. */
  readonly cliFixedSeconds: number;
  /** cliRunEpisodesPerSecond / inProcessEpisodesPerSecond: the run alone against the in-process side. */
  readonly cliRunVsInProcess: number;
  /** CPU ms per episode of the whole CLI process, start-up included (null without /usr/bin/time). */
  readonly cliCpuMsPerEpisode: number | null;
  /** The same for the command run from the sources (null also when it was not timed). */
  readonly cliSourceCpuMsPerEpisode: number | null;
  readonly inProcessCpuMsPerEpisode: number;
  /**
   * With several rounds ({@link bestOfE2e}), each round's own ratio, in the order run: the two sides
   * of a round are measured a few seconds apart, so a neighbour that slows a whole minute moves
   * both, and the spread of these shows how far the best-of ratio can be trusted.
   */
  readonly cliVsInProcessByRound?: readonly number[];
}

/** Measures `faultline run` end to end and `runEvaluation` in process (see the module comment). */
export async function benchRunEndToEnd(options: RunE2eOptions = {}): Promise<RunE2e> {
  const env = options.env ?? 'flaky-api/migrate-records-v1';
  const episodes = options.episodes ?? 500;
  const workers = options.workers ?? 2;
  const seeds = Array.from({ length: episodes }, (_, i) => i);
  const dir = benchRunDir('faultline-e2e-');
  try {
    loadBuiltins();
    // Warm up the in-process path (module loading, JIT) before timing it.
    await runEvaluation({ envs: [env], teams: ['oracle'], seeds: seeds.slice(0, 20), out: join(dir, 'warm') });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await runEvaluation({ envs: [env], teams: ['oracle'], seeds, out: join(dir, 'in-process'), keepRecords: false });
    const inProcessSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const inProcessCpuMs = (cpu.user + cpu.system) / 1000;

    const cli = FAULTLINE_BIN;
    const args = [
      cli,
      'run',
      '--env',
      env,
      '--team',
      'oracle',
      '--seeds',
      `0-${episodes - 1}`,
      '--workers',
      String(workers),
    ];
    ensureBuilt();
    const compiled = await timeCli([...args, '--out', join(dir, 'cli')], COMPILED, dir);
    const source =
      options.fromSources === false
        ? null
        : await timeCli([...args, '--out', join(dir, 'cli-source')], { FAULTLINE_DIST: '0' }, dir);
    const inProcess = episodes / inProcessSeconds;
    const endToEnd = episodes / compiled.seconds;
    const printedSeconds = episodes / compiled.printedEpisodesPerSecond;
    return {
      env,
      episodes,
      workers,
      cliEpisodesPerSecond: round1(endToEnd),
      cliRunEpisodesPerSecond: compiled.printedEpisodesPerSecond,
      cliSourceEpisodesPerSecond: source === null ? null : round1(episodes / source.seconds),
      inProcessEpisodesPerSecond: round1(inProcess),
      cliVsInProcess: Math.round((endToEnd / inProcess) * 100) / 100,
      cliFixedSeconds: Math.round((compiled.seconds - printedSeconds) * 100) / 100,
      cliRunVsInProcess: Math.round((compiled.printedEpisodesPerSecond / inProcess) * 100) / 100,
      cliCpuMsPerEpisode: compiled.cpuSeconds === null ? null : round3((compiled.cpuSeconds * 1000) / episodes),
      cliSourceCpuMsPerEpisode:
        source === null || source.cpuSeconds === null ? null : round3((source.cpuSeconds * 1000) / episodes),
      inProcessCpuMsPerEpisode: round3(inProcessCpuMs / episodes),
    };
  } finally {
    doneWithRunDir(dir);
  }
}

/**
 * Several runs of {@link benchRunEndToEnd} as one: each throughput the best run's and each CPU
 * figure and the fixed seconds the lowest (see best-of.ts), and the ratios computed again from the
 * best throughputs, which a neighbour slowing one side of one run cannot skew; each round's own
 * ratio is kept beside it (`cliVsInProcessByRound`).
 */
export function bestOfE2e(runs: readonly RunE2e[]): RunE2e {
  const [best] = bestOfRounds(runs.map((run) => [run]));
  if (!best) throw new Error('bestOfE2e: no runs to combine');
  return {
    ...best,
    cliVsInProcess: Math.round((best.cliEpisodesPerSecond / best.inProcessEpisodesPerSecond) * 100) / 100,
    cliRunVsInProcess: Math.round((best.cliRunEpisodesPerSecond / best.inProcessEpisodesPerSecond) * 100) / 100,
    cliVsInProcessByRound: runs.map((run) => run.cliVsInProcess),
  };
}

/** One timed `faultline` command: wall seconds, CPU seconds of the child (null without GNU time), the rate it printed. */
interface CliTiming {
  readonly seconds: number;
  readonly cpuSeconds: number | null;
  readonly printedEpisodesPerSecond: number;
}

/** Runs `node ARGS` with `env` added to this process's environment, timed (wall and, with GNU time, CPU). */
async function timeCli(args: readonly string[], env: NodeJS.ProcessEnv, dir: string): Promise<CliTiming> {
  const timed = existsSync(TIME);
  const timesFile = join(dir, 'times');
  const command = [process.execPath, ...args];
  const t0 = performance.now();
  const { stdout } = await promisify(execFile)(
    timed ? TIME : process.execPath,
    timed ? ['-o', timesFile, '-f', '%U %S', ...command] : args,
    { maxBuffer: 16 << 20, timeout: 30 * 60_000, env: { ...process.env, ...env } },
  );
  const seconds = (performance.now() - t0) / 1000;
  const printed = /\(([\d.]+) episodes\/s/.exec(stdout);
  return {
    seconds,
    cpuSeconds: timed ? cpuSecondsOf(readFileSync(timesFile, 'utf8')) : null,
    printedEpisodesPerSecond: printed ? Number(printed[1]) : NaN,
  };
}

/** User + system seconds from GNU time's `%U %S`. */
function cpuSecondsOf(text: string): number {
  const [user, system] = gnuTimeFigures(text, 2) as [number, number];
  return user + system;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = flag('env');
  const episodes = flag('episodes');
  const workers = flag('workers');
  const result = await benchRunEndToEnd({
    ...(env ? { env } : {}),
    ...(episodes ? { episodes: Number(episodes) } : {}),
    ...(workers ? { workers: Number(workers) } : {}),
    ...(process.argv.includes('--no-source') ? { fromSources: false } : {}),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
