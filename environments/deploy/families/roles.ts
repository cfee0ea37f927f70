/**
 * The roles of a deploy task: a planner that explores read-only, an executor that alone changes
 * the stack, and a reviewer that verifies read-only. Their `needs` are computed from the plan
 * (see `rolesFromPlan` in the filesystem world's plan builder, which this world reuses).
 */
import type { RoleTemplate } from '../../../src/world/plan-builder.js';
import { DEPLOY_READ_TOOLS } from '../tools.js';

/** The planner: explores read-only, hands the executor a precise plan, and finishes. */
export const DEPLOY_PLANNER: RoleTemplate = {
  id: 'planner',
  description:
    'You receive the user request, inspect the stack, the change policy and the release read-only, hand a precise plan (with every fact the executor needs) to the executor, and finish once the reviewer reports back.',
  tools: [...DEPLOY_READ_TOOLS],
  canFinish: true,
};

/** The executor: the only role that changes the stack. */
export const DEPLOY_EXECUTOR: RoleTemplate = {
  id: 'executor',
  description:
    'You carry out the plan from your inbox: get the change ticket approved, change configs, deploy, promote or roll back, checking health as you go, then hand off to the reviewer with what they need to verify.',
  tools: [...DEPLOY_READ_TOOLS, 'request_approval', 'set_config', 'deploy', 'promote_canary', 'rollback'],
  canFinish: false,
};

/** The reviewer: verifies read-only and reports back to the planner. */
export const DEPLOY_REVIEWER: RoleTemplate = {
  id: 'reviewer',
  description:
    "You verify the executor's work against the requirements in your inbox (versions, health, configs, approvals, logs, metrics) read-only and report back to the planner.",
  tools: [...DEPLOY_READ_TOOLS],
  canFinish: false,
};
