/**
 * The roles of a flaky-api team. The plan builder, fact placeholders and role `needs`
 * computation are the filesystem world's (the same privileged-plan conventions in every world).
 */
import type { RoleTemplate } from '../../filesystem/families/plan.js';

export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate } from '../../filesystem/families/plan.js';

const READS = ['docs_list', 'docs_get', 'policy_get', 'customers_get', 'orders_list', 'orders_get', 'payments_list', 'payments_list_v2', 'payments_get', 'tickets_list', 'tickets_get'];

/** The planner: reads every service (read scope), briefs the executor, and finishes. */
export const PLANNER: RoleTemplate = {
  id: 'planner',
  description: 'You receive the user request, investigate the services read-only (orders, payments, tickets, the policy), hand the executor a precise brief with every fact it needs, and finish once the reviewer reports back.',
  tools: READS,
  canFinish: true,
};

/** The executor: the only role with write scope (refunds, ticket updates). */
export const EXECUTOR: RoleTemplate = {
  id: 'executor',
  description: 'You carry out the brief in your inbox: issue refunds (always with an idempotency key) and update tickets within policy, then hand off to the reviewer with what they need to verify.',
  tools: [...READS, 'refunds_create', 'tickets_update'],
  canFinish: false,
};

/** The reviewer: read scope only; verifies and reports back to the planner. */
export const REVIEWER: RoleTemplate = {
  id: 'reviewer',
  description: "You verify the executor's work against the requirements in your inbox (payments, refunds, tickets, the policy) read-only and report back to the planner.",
  tools: READS,
  canFinish: false,
};
