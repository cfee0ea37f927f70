/**
 * The `deploy` world: a stack of services and a deployment console, with the task family
 * `deploy/rollout-v2` and `deploy/diagnose-rollback-v2`.
 */
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
