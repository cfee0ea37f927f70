/**
 * The `deploy` world: a stack of services with versions, configs and dependencies, a deployment
 * console (rolling and canary deploys, promotion, rollback, config changes under approved change
 * tickets), health checks, logs, metrics, and the change policy and release manifest as documents.
 */
import { resizeDeploy } from './distractors.js';
import type { World } from '../../src/team/world.js';
import type { DeployState } from './state.js';
import { diffStates, serviceNames } from './state.js';
import { DEPLOY_TOOLS } from './tools.js';
import { DEPLOY_CHECKERS } from './checkers.js';
import { deployVariants } from './variants.js';

/** The deploy world. Entity ids are `services/<name>`, `approvals/<ticket>`, `docs/<name>` and `release/manifest`. */
export const deployWorld: World<DeployState> = {
  id: 'deploy',
  description:
    'A simulated deployment console over a stack of services: list_services, get_service, get_config, set_config, deploy (rolling or canary), promote_canary, rollback, health (probe is its documented fallback), logs, metrics, request_approval, get_approvals, read_doc (change policy, release notes, runbook), get_release.',
  tools: DEPLOY_TOOLS,
  checkers: DEPLOY_CHECKERS,
  fallbacks: { health: 'probe' },
  variants: deployVariants,
  resize: resizeDeploy,
  diff(before, after) {
    return diffStates(before, after);
  },
  vocabulary(world) {
    return [
      ...serviceNames(world).slice(0, 80),
      ...Object.keys(world.docs).sort(),
      world.release.version,
      ...Object.keys(world.approvals).sort(),
    ].slice(0, 80);
  },
};
