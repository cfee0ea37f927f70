/**
 * The filesystem world's roles. The plan builder itself is shared by every world
 * (`src/world`).
 */
import { type RoleTemplate } from '../../../src/world/plan-builder.js';

export {
  PlanBuilder,
  fact,
  rolesFromPlan,
  type RoleTemplate,
  type StepOptions,
} from '../../../src/world/plan-builder.js';

/** The planner: explores read-only, talks to the user, and finishes. */
export const PLANNER: RoleTemplate = {
  id: 'planner',
  description:
    'You receive the user request, explore the project read-only, hand a precise plan (with every fact the executor needs) to the executor, and finish once the reviewer reports back.',
  tools: ['list_dir', 'read_file', 'search', 'grep'],
  canFinish: true,
};

/** The executor: the only role that changes files. */
export const EXECUTOR: RoleTemplate = {
  id: 'executor',
  description:
    'You carry out the plan from your inbox: read and rewrite files, update the changelog, run the tests and the linter, then hand off to the reviewer with what they need to verify.',
  tools: ['list_dir', 'read_file', 'search', 'grep', 'write_file', 'move_file', 'delete_file', 'run_tests', 'lint'],
  canFinish: false,
};

/** The reviewer: verifies read-only and reports back to the planner. */
export const REVIEWER: RoleTemplate = {
  id: 'reviewer',
  description:
    "You verify the executor's work against the requirements in your inbox (read files, search, run the tests and the linter) and report back to the planner.",
  tools: ['list_dir', 'read_file', 'search', 'grep', 'run_tests', 'lint'],
  canFinish: false,
};
