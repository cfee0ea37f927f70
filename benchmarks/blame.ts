/**
 * The cost of `faultline blame`: one env's `own-mistake` run (seeds 0..N-1, recorded), then
 * blame of its failed episodes on 1 and on 2 worker threads.
 *
 * - `failed`: the failed episodes blamed; `interventions`: the re-runs they took (role swaps,
 *   step interventions, and the re-run as recorded);
 * - `secondsPerFailure1` / `secondsPerFailure2`: wall time per failed episode on 1 and 2 threads
 *   (thread start-up included), and `interventionsPerSecond2` on 2.
 *
 * Run alone: `node --conditions=source --import tsx benchmarks/blame.ts [--env=ID] [--episodes=N]`.
 */
import { fileURLToPath } from 'node:url';
import { BUILTINS_SETUP, loadBuiltins } from '../src/builtins.js';
import { blameRun, type BlameReport } from '../src/run/blame/run-blame.js';
import { ONE_DEFECT_SETUP } from '../src/run/blame/validity-teams.js';
import { runEvaluation } from '../src/run/runner.js';
import { round } from './timing.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** Options of {@link benchBlame}. */
export interface BlameBenchOptions {
  /** @defaultValue 'flaky-api/migrate-records-v1' */
  readonly env?: string;
  /** Episodes of the run (about half fail). @defaultValue 20 */
  readonly episodes?: number;
}

/** What {@link benchBlame} measures. */
export interface BlameBench {
  readonly env: string;
  readonly failed: number;
  readonly interventions: number;
  readonly secondsPerFailure1: number;
  readonly secondsPerFailure2: number;
  readonly interventionsPerSecond2: number;
}

/** Measures blame (see the module comment). */
export async function benchBlame(options: BlameBenchOptions = {}): Promise<BlameBench> {
  loadBuiltins();
  const env = options.env ?? 'flaky-api/migrate-records-v1';
  const dir = benchRunDir('faultline-bench-blame-');
  try {
    await runEvaluation({
      envs: [env],
      teams: ['own-mistake'],
      seeds: Array.from({ length: options.episodes ?? 20 }, (_, i) => i),
      perturb: 'clean',
      out: dir,
      setup: [BUILTINS_SETUP, ONE_DEFECT_SETUP],
    });
    const timed = async (workers: number) => {
      const started = performance.now();
      const report = await blameRun({ dir, workers, setup: [ONE_DEFECT_SETUP] });
      return { report, seconds: (performance.now() - started) / 1000 };
    };
    const one = await timed(1);
    const two = await timed(2);
    const failed = Math.max(1, one.report.failed);
    const interventions = interventionsOf(two.report);
    return {
      env,
      failed: one.report.failed,
      interventions,
      secondsPerFailure1: round(one.seconds / failed, 2),
      secondsPerFailure2: round(two.seconds / failed, 2),
      interventionsPerSecond2: round(interventions / two.seconds, 0),
    };
  } finally {
    doneWithRunDir(dir);
  }
}

/** Re-runs a report took: the re-run as recorded, every swap, every step intervention judged. */
function interventionsOf(report: BlameReport): number {
  return report.episodes.reduce((n, e) => n + 1 + e.swaps.length + e.stepsTried, 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const episodes = arg('episodes');
  const env = arg('env');
  const result = await benchBlame({
    ...(env !== undefined ? { env } : {}),
    ...(episodes !== undefined ? { episodes: Number(episodes) } : {}),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
