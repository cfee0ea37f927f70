/**
 * One run of the RSS benchmark, in a process of its own so runs never share a heap: runs
 * `--episodes=N` episodes of `bench/counter-team-v1` with the oracle team, recorded to a temporary
 * directory that is removed after, and prints `{ episodes, maxRssMb, seconds }` as JSON on stdout.
 * Started by `benchRss` (benchmarks/rss.ts); `--workers=W` sets the run's worker threads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltins, BUILTINS_SETUP } from '../src/builtins.js';
import { runEvaluation } from '../src/run/runner.js';
import { COUNTER_ENV_ID } from './counter-env.js';

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be an integer >= 1, got ${arg}`);
  return value;
}

const episodes = flag('episodes', 1000);
const workers = flag('workers', 1);
loadBuiltins();
const out = mkdtempSync(join(tmpdir(), 'faultline-rss-'));
const started = performance.now();
try {
  const result = await runEvaluation({
    envs: [COUNTER_ENV_ID],
    teams: ['oracle'],
    seeds: Array.from({ length: episodes }, (_, i) => i),
    out,
    workers,
    setup: [BUILTINS_SETUP],
    imports: [fileURLToPath(new URL('./counter-env.ts', import.meta.url))],
    keepRecords: false,
  });
  if (result.highlights.recorded !== episodes) throw new Error(`recorded ${result.highlights.recorded} of ${episodes}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
// maxRSS counts the whole process, worker threads included (KiB on Linux).
const maxRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const seconds = Math.round((performance.now() - started) / 10) / 100;
process.stdout.write(`${JSON.stringify({ episodes, maxRssMb, seconds })}\n`);
