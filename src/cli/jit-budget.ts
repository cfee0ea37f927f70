/**
 * How soon V8 optimizes a function, for a run on worker threads. Each worker thread compiles the
 * code it runs for itself, and a run's code is largely called once per episode (the world
 * generators, the metrics, the recording): at V8's default budget those functions reach the
 * optimizing compiler after a few hundred episodes, and a worker that runs a few hundred episodes
 * spends a large part of its life compiling them — on the cores the other workers need. A larger
 * budget leaves that code to the baseline tiers and optimizes only what runs every step.
 *
 * Measured with `faultline run … --workers 2` on 2 cores, 500 recorded episodes: 2.6–2.7 → 2.25 s
 * wall and 4.1 → 3.4 s CPU (flaky-api/migrate-records-v1); 8–15% less wall time on the other
 * worlds' 500-episode runs, 2–6% at 4,000 episodes. In a single thread the default is better (the
 * compiler's threads then have a core of their own), so it applies to runs on workers only.
 */
import { setFlagsFromString } from 'node:v8';

/** The interrupt budget of a run on worker threads (V8 11's default is 67,584). */
export const WORKER_RUN_INTERRUPT_BUDGET = 600_000;

/**
 * The V8 flag to set before a run's worker threads start, or null when none should be: a run
 * without worker threads, or a process started with its own `--interrupt-budget`.
 */
export function workerRunJitFlag(workers: number, execArgv: readonly string[]): string | null {
  if (workers <= 1) return null;
  if (execArgv.some((arg) => arg === '--interrupt-budget' || arg.startsWith('--interrupt-budget='))) return null;
  return `--interrupt-budget=${WORKER_RUN_INTERRUPT_BUDGET}`;
}

/**
 * Sets {@link workerRunJitFlag} for this process (V8 flags are per process: the worker threads
 * started afterwards take it). Only the JIT's timing changes, never what the code computes.
 *
 * @returns the flag set, or null when none was.
 */
export function tuneJitForWorkerRun(workers: number): string | null {
  const flag = workerRunJitFlag(workers, process.execArgv);
  if (flag === null) return null;
  try {
    setFlagsFromString(flag);
  } catch {
    // A V8 that refuses the flag runs the run as it is: this is tuning, never a reason to fail.
    return null;
  }
  return flag;
}
