/**
 * The RSS curve of a run: peak resident memory of real runs of 1,000, 10,000 and 100,000
 * episodes, each the whole `faultline run` command as an installed package runs it (compiled
 * dist/, see compiled-cli.ts), its peak RSS read by GNU time (`%M`: every thread of the process).
 * The env is `bench/counter-team-v1` (benchmarks/counter-env.ts, passed with `--import` as a
 * user's TypeScript env module is) with the oracle team: a few steps per episode, fully recorded
 * (trajectory files, episodes.jsonl, summary), so the curve shows what the harness keeps per
 * episode rather than what a world costs.
 *
 * Run alone: `node --conditions=source --import tsx benchmarks/rss.ts [--rss-max=N] [--workers=W]`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { COMPILED, FAULTLINE_BIN, GNU_TIME, ensureBuilt, gnuTimeFigures } from './compiled-cli.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** The env of benchmarks/counter-env.ts (not imported here: importing it registers the env in this process). */
const COUNTER_ENV_ID = 'bench/counter-team-v1';

/** Options of {@link benchRss}. */
export interface RssBenchOptions {
  /** Skip the sizes above this many episodes (reported as null). @defaultValue 100000 */
  readonly maxEpisodes?: number;
  /**
   * Worker threads per run (1: the episodes run on the command's main thread). Each thread is a V8
   * isolate of its own that loads every module (about 66 MB compiled), a constant per thread that
   * would hide the curve's slope.
   * @defaultValue 1
   */
  readonly workers?: number;
  /** Called after each size (for progress output). */
  readonly onSize?: (point: RssPoint) => void;
}

/** One point of the curve. */
export interface RssPoint {
  readonly episodes: number;
  readonly maxRssMb: number;
  readonly seconds: number;
}

/** The RSS curve: peak RSS in MB per run size (null: skipped by `maxEpisodes`). */
export interface RssBench {
  readonly rssMbAt: { readonly 1000: number | null; readonly 10000: number | null; readonly 100000: number | null };
  /** Wall seconds of each run (including the child's start-up), same keys. */
  readonly secondsAt: { readonly 1000: number | null; readonly 10000: number | null; readonly 100000: number | null };
  readonly env: string;
  readonly team: string;
  readonly workers: number;
}

const SIZES = [1000, 10000, 100000] as const;

/** Measures the RSS curve (see the module comment). */
export async function benchRss(options: RssBenchOptions = {}): Promise<RssBench> {
  const maxEpisodes = options.maxEpisodes ?? 100000;
  const workers = options.workers ?? 1;
  if (!existsSync(GNU_TIME))
    throw new Error(`benchRss: ${GNU_TIME} (GNU time, Debian package "time") reads the run's peak RSS; install it`);
  ensureBuilt();
  const rss: Record<number, number | null> = {};
  const secs: Record<number, number | null> = {};
  for (const episodes of SIZES) {
    if (episodes > maxEpisodes) {
      rss[episodes] = null;
      secs[episodes] = null;
      continue;
    }
    const point = await runChild(episodes, workers);
    rss[episodes] = point.maxRssMb;
    secs[episodes] = point.seconds;
    options.onSize?.(point);
  }
  return {
    rssMbAt: { 1000: rss[1000] ?? null, 10000: rss[10000] ?? null, 100000: rss[100000] ?? null },
    secondsAt: { 1000: secs[1000] ?? null, 10000: secs[10000] ?? null, 100000: secs[100000] ?? null },
    env: COUNTER_ENV_ID,
    team: 'oracle',
    workers,
  };
}

/** One point: a `faultline run` of `episodes` episodes, timed by GNU time (checked, and dist/ built, by the caller). */
async function runChild(episodes: number, workers: number): Promise<RssPoint> {
  const dir = benchRunDir('faultline-rss-');
  const times = join(dir, 'times');
  const module = fileURLToPath(new URL('./counter-env.ts', import.meta.url));
  try {
    const args = ['run', '--env', COUNTER_ENV_ID, '--team', 'oracle', '--seeds', `0-${episodes - 1}`];
    args.push('--workers', String(workers), '--import', module, '--out', join(dir, 'run'));
    await promisify(execFile)(GNU_TIME, ['-o', times, '-f', '%M %e', process.execPath, FAULTLINE_BIN, ...args], {
      maxBuffer: 16 << 20,
      timeout: 30 * 60_000,
      env: { ...process.env, ...COMPILED },
    });
    const output = readFileSync(times, 'utf8');
    const [kib, seconds] = gnuTimeFigures(output, 2) as [number, number];
    if (!Number.isFinite(kib) || !Number.isFinite(seconds))
      throw new Error(`benchRss: could not read GNU time's output: ${output}`);
    return { episodes, maxRssMb: Math.round((kib / 1024) * 10) / 10, seconds };
  } finally {
    doneWithRunDir(dir);
  }
}

function numberFlag(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const maxEpisodes = numberFlag('rss-max');
  const workers = numberFlag('workers');
  const result = await benchRss({
    ...(maxEpisodes !== undefined ? { maxEpisodes } : {}),
    ...(workers !== undefined ? { workers } : {}),
    onSize: (p) => process.stderr.write(`${p.episodes} episodes: ${p.maxRssMb} MB peak RSS, ${p.seconds} s\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
