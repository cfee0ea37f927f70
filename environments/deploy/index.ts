/**
 * The `deploy` world: a stack of services and a deployment console, with the task family
 * `deploy/rollout-v1` and `deploy/diagnose-rollback-v1`.
 */
import { listEnvs } from '../../src/core/registry.js';
import { familyEnvId } from '../../src/team/team-env.js';
import { registerTaskFamily } from '../../src/world/register.js';
import type { TaskFamily } from '../../src/team/world.js';
import type { DeployState } from './state.js';
import { generateRollout, rolloutFamily } from './families/rollout.js';
import { diagnoseRollbackFamily, generateDiagnoseRollback } from './families/diagnose-rollback.js';

export { deployWorld } from './world.js';
export { DEPLOY_TOOLS } from './tools.js';
export { DEPLOY_CHECKERS } from './checkers.js';
export type { DeployState, Service, Approval, LogEntry, ReleaseManifest } from './state.js';
export { rolloutFamily, generateRollout, diagnoseRollbackFamily, generateDiagnoseRollback };

/** Every task family of the deploy world. */
export const DEPLOY_FAMILIES: readonly TaskFamily<DeployState>[] = [rolloutFamily, diagnoseRollbackFamily];

/** Registers every deploy task family as an env. Idempotent: already registered ids are skipped. */
export function registerDeployEnvs(): void {
  const known = new Set(listEnvs().map((s) => s.id));
  for (const family of DEPLOY_FAMILIES) {
    if (!known.has(familyEnvId(family as TaskFamily<unknown>))) registerTaskFamily(family);
  }
}
