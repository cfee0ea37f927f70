// The child process of benchmarks/warm-up.ts: a fresh process that loads the compiled package
// (dist/, as an installed package runs it) and records oracle episodes of one env with `evaluate`
// on its main thread, sampling at every block boundary the CPU time of the whole process and of
// this thread. Prints one JSON line: { samples: [{ episodes, processCpuMs, threadCpuMs }] }.
//
// usage: node benchmarks/warm-up-child.mjs ENV BLOCKS EPISODES_PER_BLOCK [ENTRY]
// ENTRY is the module that exports `evaluate` (default: the compiled package's main entry).
// FAULTLINE_BENCH_RUN_DIR, when set, is a directory the parent made for the run and disposes of
// (benchmarks/run-dirs.ts); otherwise the child makes a temporary one and deletes it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [env, blocksArg, perBlockArg, entryArg] = process.argv.slice(2);
const blocks = Number(blocksArg);
const perBlock = Number(perBlockArg);
if (!env || !Number.isInteger(blocks) || blocks < 1 || !Number.isInteger(perBlock) || perBlock < 1) {
  process.stderr.write(
    `warm-up-child: expected ENV BLOCKS EPISODES_PER_BLOCK (whole numbers >= 1), got ${JSON.stringify(process.argv.slice(2))}\n`,
  );
  process.exit(2);
}

/** CPU ms of every thread of this process. */
function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU ms of this thread (Linux: the first field of /proc/thread-self/schedstat is its time on a
 * CPU in nanoseconds), or null where the file cannot be read.
 */
function threadCpuMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

const entry = entryArg ?? new URL('../dist/src/public/index.js', import.meta.url).href;
const { evaluate } = await import(entry);
const given = process.env.FAULTLINE_BENCH_RUN_DIR;
const dir = given ? join(given, 'run') : mkdtempSync(join(tmpdir(), 'faultline-warm-up-'));
const samples = [{ episodes: 0, processCpuMs: processCpuMs(), threadCpuMs: threadCpuMs() }];
try {
  await evaluate({
    envs: env,
    teams: 'oracle',
    seeds: `0-${blocks * perBlock - 1}`,
    perturb: 'production',
    out: dir,
    keepRecords: false,
    onEpisode: (_record, done) => {
      if (done % perBlock === 0)
        samples.push({ episodes: done, processCpuMs: processCpuMs(), threadCpuMs: threadCpuMs() });
    },
  });
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ samples })}\n`);
