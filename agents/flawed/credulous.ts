/**
 * `credulous`: the oracle that checks nothing. It takes every result at face value — a cut-off or
 * garbled read, a stale or wrong value — and passes it on, and its reviewer waves the work through
 * without running a single check. Its defect shows when bad data enters the team, so its mode is
 * cascading errors.
 */
import type { Team } from '../../src/public/index.js';
import { createPlanFollowers } from '../plan-follower.js';

/** The credulous flawed team. */
export const credulousTeam: Team = {
  id: 'credulous',
  description:
    'The oracle that verifies nothing: it passes on broken or wrong data unchecked and its reviewer runs no checks (cascading errors).',
  privileged: true,
  createAgents: (start) => createPlanFollowers(start, { verify: false, obeyInjections: true }),
};
