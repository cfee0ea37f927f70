/**
 * The tools of the deploy world, in the spirit of a deployment console: inspect services, configs,
 * health, logs and metrics; read the change policy and the release manifest; request approval of
 * a change ticket; deploy (rolling or canary), promote a canary, roll back, change a config.
 *
 * Every tool is pure. Reads return the existing state (no `world` in the outcome); writes copy
 * the services map and the one service they change, and append to the change log. The console
 * enforces approvals (a deploy needs a granted ticket) but not the change policy: keeping to the
 * window, the dependency order and the unavailability limit is the team's job, and the checkers
 * judge it over the whole episode. Errors have stable codes: `unknown_service`, `invalid_version`,
 * `not_approved`, `approval_pending` (with `retryAfter`), `canary_in_progress`, `no_canary`,
 * `no_previous`, `invalid_key`, `config_full`, `not_found`, `log_full`, `limit`.
 *
 * One file per concern (services, config, rollout, health, logs, metrics, approvals, docs)
 * defines its tools; this one assembles them into the world's tool map and the read and write
 * tool lists.
 */
import type { ToolSpec } from '../../../src/team/world.js';
import type { DeployState } from '../state.js';
import { getService, listServices } from './services.js';
import { getConfig, setConfig } from './config.js';
import { deploy, promoteCanary, rollback } from './rollout.js';
import { health, probe } from './health.js';
import { logs } from './logs.js';
import { metrics } from './metrics.js';
import { getApprovals, requestApproval } from './approvals.js';
import { getRelease, readDoc } from './docs.js';

export { getService, listServices } from './services.js';
export { getConfig, setConfig } from './config.js';
export { deploy, promoteCanary, rollback } from './rollout.js';
export { health, probe } from './health.js';
export { MAX_LOG_LINES, logs } from './logs.js';
export { metrics } from './metrics.js';
export { getApprovals, requestApproval } from './approvals.js';
export { getRelease, readDoc } from './docs.js';

/**
 * Every tool of the world, by name. The key order is the order agents are shown the tools in, so
 * it is part of the world's observable behaviour: add new tools at the end.
 */
export const DEPLOY_TOOLS = {
  list_services: listServices,
  get_service: getService,
  get_config: getConfig,
  set_config: setConfig,
  deploy,
  promote_canary: promoteCanary,
  rollback,
  health,
  probe,
  logs,
  metrics,
  request_approval: requestApproval,
  get_approvals: getApprovals,
  read_doc: readDoc,
  get_release: getRelease,
} as const satisfies Record<string, ToolSpec<DeployState>>;

/** Tools that only read. */
export const DEPLOY_READ_TOOLS = [
  'list_services',
  'get_service',
  'get_config',
  'health',
  'probe',
  'logs',
  'metrics',
  'get_approvals',
  'read_doc',
  'get_release',
] as const;
/** Tools that change the world. */
export const DEPLOY_WRITE_TOOLS = ['set_config', 'deploy', 'promote_canary', 'rollback', 'request_approval'] as const;
