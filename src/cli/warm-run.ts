/**
 * Starts the worker threads of `faultline run --workers N` before the command's modules load (see
 * run/warm-workers.ts): the `faultline` script calls {@link warmRunWorkers} first, and the run's
 * pool takes the threads over. This module imports nothing heavy, so it costs the command nothing
 * when it does not apply.
 *
 * It reads the arguments before the real parser does, so it only acts when they are plainly a run
 * on workers in this process. A misreading costs time, never results: workers the run does not
 * take are stopped, and the JIT setting only changes when code is optimized.
 */
import { heldRun } from '../run/held-run.js';
import { startWarmWorkers } from '../run/warm-workers.js';
import { tuneJitForWorkerRun } from './jit-budget.js';

/** The most threads started ahead of a run (a larger `--workers` starts the rest when the run begins). */
export const MAX_WARM_WORKERS = 16;

/** The URL of the built-in worlds' setup module, which every CLI run's workers load first. */
const BUILTINS_URL = new URL(`../builtins${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/**
 * How many workers `argv` (process.argv: node, script, command …) asks a run to start in this
 * process, or 0: not `run`, help asked for, episodes sent to a queue, fewer than 2 workers, a
 * `--workers` this reading cannot be sure of (given twice, not a plain integer), or an `--out`
 * that already holds a run with neither `--resume` nor `--overwrite` (the run refuses it, and
 * workers started for nothing would only slow the refusal).
 */
export function warmWorkersFor(argv: readonly string[]): number {
  if (argv[2] !== 'run') return 0;
  const args = argv.slice(3);
  let workers: string | null = null;
  let seen = 0;
  let out: string | null = null;
  let keepsOrReplaces = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg === '-h' || arg === '--help' || arg === '--queue' || arg.startsWith('--queue=')) return 0;
    if (arg === '--workers') {
      seen++;
      workers = args[i + 1] ?? null;
    } else if (arg.startsWith('--workers=')) {
      seen++;
      workers = arg.slice('--workers='.length);
    } else if (arg === '--out') out = args[i + 1] ?? null;
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--resume' || arg === '--overwrite') keepsOrReplaces = true;
  }
  if (seen !== 1 || workers === null || !/^\d{1,4}$/.test(workers)) return 0;
  if (out !== null && !keepsOrReplaces && heldRun(out) !== null) return 0;
  const count = Number(workers);
  return count >= 2 ? Math.min(count, MAX_WARM_WORKERS) : 0;
}

/**
 * Starts the workers {@link warmWorkersFor} reads from `argv`, loading the built-ins, after setting
 * the JIT as a run on workers does. Returns how many were started.
 */
export function warmRunWorkers(argv: readonly string[]): number {
  const count = warmWorkersFor(argv);
  if (count === 0) return 0;
  tuneJitForWorkerRun(count);
  startWarmWorkers(count, [BUILTINS_URL]);
  return count;
}
