/**
 * The roles of a mock-web task. The plan builder and `rolesFromPlan` are the filesystem world's
 * (roles' `needs` are the facts their own plan steps reference).
 */
import type { RoleTemplate } from '../../../src/world/plan-builder.js';

export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate } from '../../../src/world/plan-builder.js';

const BROWSE = ['search', 'open_page', 'open_cached', 'follow_link', 'list_site'];

/** The planner: researches read-only, briefs the executor, and finishes. */
export const PLANNER: RoleTemplate = {
  id: 'planner',
  description:
    'You receive the user request, research the web read-only (search, open pages, follow links), hand the executor a brief with every fact the report needs, and finish once the reviewer reports back.',
  tools: [...BROWSE, 'read_report'],
  canFinish: true,
};

/** The executor: the only role that writes the report. */
export const EXECUTOR: RoleTemplate = {
  id: 'executor',
  description:
    'You write the report from the brief in your inbox: open each page you cite, write every section with its citations, then hand off to the reviewer with what they need to verify.',
  tools: [...BROWSE, 'read_report', 'write_report', 'delete_section'],
  canFinish: false,
};

/** The reviewer: verifies the report against the sources, read-only, and reports back. */
export const REVIEWER: RoleTemplate = {
  id: 'reviewer',
  description:
    'You check the report against the requirements in your inbox and against the cited pages (read-only) and report back to the planner.',
  tools: [...BROWSE, 'read_report'],
  canFinish: false,
};
