/**
 * Testing helpers (`faultline/testing`): the env checker, fault plans as fast-check arbitraries
 * for property-based robustness tests, and a scripted OpenAI-compatible model server for testing
 * LLM teams offline.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(fc.nat(49), faultChoicesArbitrary(), async (seed, choices) => {
 *   const faultPlan = materializeFaultPlan('filesystem/rename-symbol-v1', seed, choices);
 *   const r = await runEpisode({ env: 'filesystem/rename-symbol-v1', team: myTeam, seed, faultPlan });
 *   if (!r.success) throw new Error(reproduction(r.envId, seed, faultPlan));
 * }));
 * ```
 */
import type { PlannedPerturbation } from '../team/perturbation.js';

export {
  checkEnv,
  checkRegisteredEnv,
  formatReport,
  type CheckReport,
  type CheckIssue,
  type CheckOptions,
} from '../core/checker.js';
export {
  faultChoicesArbitrary,
  faultPlanFor,
  materializeFaultPlan,
  type FaultChoice,
  type FaultChoicesOptions,
} from '../perturb/arbitrary.js';
export * from './model-server/index.js';

/** A reproduction recipe for a failing (env, seed, fault plan): paste it into runEpisode. */
export function reproduction(envId: string, seed: number, faultPlan: readonly PlannedPerturbation[]): string {
  return `reproduce with: runEpisode({ env: ${JSON.stringify(envId)}, seed: ${seed}, faultPlan: ${JSON.stringify(faultPlan)} })`;
}
