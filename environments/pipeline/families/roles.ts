/**
 * The roles of a pipeline task, each at home in one world: the researcher browses the web, the
 * engineer changes the project, and the reviewer checks the project against the web (read-only
 * in both).
 */
import type { RoleTemplate } from '../../../src/world/plan-builder.js';
import { composedTool } from '../../../src/team/compose.js';
import { FS, WEB } from '../state.js';

const web = (...tools: string[]) => tools.map((t) => composedTool(WEB, t));
const fs = (...tools: string[]) => tools.map((t) => composedTool(FS, t));

/** The researcher: receives the request, researches the web read-only, briefs the engineer, and finishes. */
export const RESEARCHER: RoleTemplate = {
  id: 'researcher',
  description:
    'You receive the user request, research it on the web (read-only: search, open pages, follow links), hand the engineer a brief with every value and rule the change needs, and finish once the reviewer reports back.',
  tools: web('search', 'open_page', 'open_cached', 'follow_link', 'list_site'),
  canFinish: true,
};

/** The engineer: the only role that changes the project; it never sees the web. */
export const ENGINEER: RoleTemplate = {
  id: 'engineer',
  description:
    "You change the project as the brief in your inbox says, following the project's own conventions: read them, write the files, run the tests and the linter, then hand off to the reviewer with what they need to verify.",
  tools: fs('list_dir', 'read_file', 'search', 'grep', 'write_file', 'move_file', 'delete_file', 'run_tests', 'lint'),
  canFinish: false,
};

/** The reviewer: checks the project against the authoritative pages, read-only in both worlds, and reports back. */
export const REVIEWER: RoleTemplate = {
  id: 'reviewer',
  description:
    "You verify the engineer's change against the requirements in your inbox: read the files back, compare the values with the authoritative web pages, run the tests and the linter, and report back to the researcher.",
  tools: [
    ...fs('list_dir', 'read_file', 'search', 'grep', 'run_tests', 'lint'),
    ...web('open_page', 'open_cached', 'follow_link'),
  ],
  canFinish: false,
};
