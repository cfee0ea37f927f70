/**
 * The roles of a flaky-api team. The plan builder, fact placeholders and role `needs`
 * computation are the filesystem world's (the same privileged-plan conventions in every world).
 * A role's tools are its auth scopes: only the executor holds write scopes.
 */
import type { RoleTemplate } from '../../../src/world/plan-builder.js';

export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate } from '../../../src/world/plan-builder.js';

/** The three roles, given the read scopes and the write scopes of a task family. */
export function apiRoles(
  reads: readonly string[],
  writes: readonly string[],
  what: string,
): { PLANNER: RoleTemplate; EXECUTOR: RoleTemplate; REVIEWER: RoleTemplate } {
  return {
    PLANNER: {
      id: 'planner',
      description: `You receive the user request, investigate the services read-only (${what}, the policy), hand the executor a precise brief with every fact it needs, and finish once the reviewer reports back.`,
      tools: [...reads],
      canFinish: true,
    },
    EXECUTOR: {
      id: 'executor',
      description:
        'You carry out the brief in your inbox with the write endpoints, within policy (use idempotency keys where offered), then hand off to the reviewer with what they need to verify.',
      tools: [...reads, ...writes],
      canFinish: false,
    },
    REVIEWER: {
      id: 'reviewer',
      description:
        "You verify the executor's work against the requirements in your inbox, read-only, and report back to the planner.",
      tools: [...reads],
      canFinish: false,
    },
  };
}
