/**
 * The oracle team: planner → executor → reviewer following the task's privileged plan, handing
 * every needed fact over at each handoff. The sanity ceiling: it must succeed on ~100% of tasks.
 */
import type { Team } from '../src/public/index.js';
import { createPlanFollowers } from './plan-follower.js';

/** The oracle reference team. */
export const oracleTeam: Team = {
  id: 'oracle',
  description:
    'Scripted planner → executor → reviewer that follows the task plan and hands over every needed fact (the ceiling; ~100%).',
  privileged: true,
  createAgents: (start) => createPlanFollowers(start),
};
