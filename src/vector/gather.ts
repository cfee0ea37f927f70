/** Turning per-sub-env step results into the arrays of a vector step. */
import type { SubStepResult, VectorStepResult } from './types.js';

/** The vector step result of per-sub-env results, in sub-env order. */
export function gatherSteps<O>(results: readonly SubStepResult<O>[]): VectorStepResult<O> {
  return {
    observations: results.map((r) => r.observation),
    rewards: results.map((r) => r.reward),
    terminations: results.map((r) => r.terminated),
    truncations: results.map((r) => r.truncated),
    infos: results.map((r) => r.info),
  };
}
