/**
 * `evaluate()`: running an evaluation from code — the library form of `faultline run`. It runs
 * with the built-ins loaded on the main thread and in every worker, exactly as the CLI does.
 */
import { BUILTINS_SETUP } from './builtins.js';
import type { Seed } from './core/rng.js';
import { runEvaluation, type RunOptions, type RunResult } from './run/runner.js';
import { parseSeedList } from './run/seeds.js';
import type { SetupEntry } from './run/setup.js';

/** What {@link evaluate} runs: every (env × team × seed × variant × trial) of the plan. */
export interface EvaluateOptions extends Omit<RunOptions, 'envs' | 'teams' | 'seeds' | 'setup'> {
  /** An env id, several, or `'all'` for every registered env. */
  readonly envs: string | readonly string[];
  /** A registered team id or several (register your own with `registerTeam`, or in an `imports` module for workers). */
  readonly teams: string | readonly string[];
  /** Seeds, or a seed list as the CLI takes it (`'0-49'`, `'1,5,9'`). */
  readonly seeds: readonly Seed[] | string;
  /**
   * Setup modules to load after the built-ins, on the main thread and in every worker (e.g. the
   * LLM setup module with its options). @defaultValue none
   */
  readonly setup?: readonly SetupEntry[];
}

/** The outcome of {@link evaluate}: the summary, every recorded episode, and timings. */
export type EvaluateResult = RunResult;

/**
 * Runs an evaluation and returns its summary and records; with `out`, records it there as
 * `faultline run --out` does (resumable, readable by `faultline report`).
 *
 * @example
 * ```ts
 * const { summary } = await evaluate({ envs: 'all', teams: 'oracle', seeds: '0-9', perturb: 'production' });
 * ```
 */
export function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  // The built-ins are loaded by the run itself, before the caller's setup modules: `setup` runs on
  // the main thread and in every worker.
  const list = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);
  return runEvaluation({
    ...options,
    envs: list(options.envs),
    teams: list(options.teams),
    seeds: typeof options.seeds === 'string' ? parseSeedList(options.seeds) : options.seeds,
    setup: [BUILTINS_SETUP, ...(options.setup ?? [])],
  });
}
