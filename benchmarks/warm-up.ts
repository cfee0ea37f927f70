/**
 * What a fresh process's first episodes cost, and where that CPU goes: the compiled package (as an
 * installed package runs it) records oracle episodes of one env with `evaluate` on its main
 * thread, in a child process started for the purpose (benchmarks/warm-up-child.mjs), in blocks of
 * a few hundred episodes. Per block: episodes per CPU second of the whole process (what
 * `episodesPerSecond` counts), episodes per CPU second of the thread that runs them, and the share
 * of the process's CPU spent on other threads — V8's optimizing compiler and its garbage
 * collector's helpers, as nothing else in the process runs while the episodes do.
 *
 * Every process and every worker thread of a run compiles the episode path for itself, so this
 * ramp is what a short run, the first second of `episodesPerSecond` and each worker of
 * `faultline run --workers N` pay before the settled rate (steady-episodes.ts).
 *
 * The thread's CPU time comes from `/proc/thread-self/schedstat` (Linux); elsewhere those figures
 * are null.
 *
 * Run alone: `node --conditions=source --import tsx benchmarks/warm-up.ts [--env=ID]`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureBuilt } from './compiled-cli.js';
import { round } from './timing.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** One sample the child took: after `episodes` episodes, the CPU ms of its process and of its main thread. */
export interface WarmUpSample {
  readonly episodes: number;
  readonly processCpuMs: number;
  /** Null where a thread's CPU time cannot be read. */
  readonly threadCpuMs: number | null;
}

/** One block of episodes. */
export interface WarmUpBlock {
  /** Episodes of the process before this block, and after it. */
  readonly from: number;
  readonly to: number;
  /** Episodes per CPU second of the whole process. */
  readonly episodesPerCpuSecond: number;
  /** Episodes per CPU second of the thread that ran them (null: not measurable here). */
  readonly episodesPerThreadSecond: number | null;
  /** Share (0–1) of the block's process CPU spent on other threads (null: not measurable here). */
  readonly offThreadShare: number | null;
}

/** What {@link benchWarmUp} measured. */
export interface WarmUpBench {
  readonly env: string;
  readonly episodesPerBlock: number;
  readonly blocks: readonly WarmUpBlock[];
}

/** Options of {@link benchWarmUp}. */
export interface WarmUpOptions {
  /** @defaultValue 'flaky-api/migrate-records-v1' */
  readonly env?: string;
  /** @defaultValue 8 */
  readonly blocks?: number;
  /** @defaultValue 200 */
  readonly episodesPerBlock?: number;
  /**
   * Run the TypeScript sources through tsx instead of the compiled package: nothing is built (for
   * tests of the harness; the bench measures what an installed package runs). @defaultValue false
   */
  readonly source?: boolean;
}

/** The blocks between consecutive samples (the first sample is taken before any episode). */
export function warmUpBlocks(samples: readonly WarmUpSample[]): WarmUpBlock[] {
  const blocks: WarmUpBlock[] = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1] as WarmUpSample;
    const after = samples[i] as WarmUpSample;
    const episodes = after.episodes - before.episodes;
    const processMs = after.processCpuMs - before.processCpuMs;
    const threadMs =
      after.threadCpuMs === null || before.threadCpuMs === null ? null : after.threadCpuMs - before.threadCpuMs;
    if (episodes <= 0 || !(processMs > 0))
      throw new Error(
        `warmUpBlocks: sample ${i} (${JSON.stringify(after)}) does not follow ${JSON.stringify(before)} with more episodes and CPU time`,
      );
    blocks.push({
      from: before.episodes,
      to: after.episodes,
      episodesPerCpuSecond: round((episodes * 1000) / processMs, 1),
      episodesPerThreadSecond: threadMs === null || !(threadMs > 0) ? null : round((episodes * 1000) / threadMs, 1),
      // A thread cannot use more CPU than its process; a sampling edge can make it look so by a hair.
      offThreadShare: threadMs === null ? null : round(Math.max(0, 1 - threadMs / processMs), 3),
    });
  }
  return blocks;
}

const CHILD = fileURLToPath(new URL('./warm-up-child.mjs', import.meta.url));
/** The package's main entry in the sources (what `source: true` runs). */
const SOURCE_ENTRY = new URL('../src/public/index.ts', import.meta.url).href;

/** Runs the child (see the module comment) and returns its blocks. Builds dist/ first when it is stale. */
export async function benchWarmUp(options: WarmUpOptions = {}): Promise<WarmUpBench> {
  const env = options.env ?? 'flaky-api/migrate-records-v1';
  const blockCount = options.blocks ?? 8;
  const perBlock = options.episodesPerBlock ?? 200;
  const childArgs = [CHILD, env, String(blockCount), String(perBlock)];
  let args: string[];
  if (options.source) args = ['--conditions=source', '--import', 'tsx', ...childArgs, SOURCE_ENTRY];
  else {
    ensureBuilt();
    args = childArgs;
  }
  const dir = benchRunDir('faultline-warm-up-');
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, args, {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, FAULTLINE_BENCH_RUN_DIR: dir },
    }));
  } finally {
    doneWithRunDir(dir);
  }
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const { samples } = JSON.parse(line) as { samples: WarmUpSample[] };
  return { env, episodesPerBlock: perBlock, blocks: warmUpBlocks(samples) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.argv.find((a) => a.startsWith('--env='))?.slice('--env='.length);
  console.log(JSON.stringify(await benchWarmUp(env ? { env } : {}), null, 2));
}
