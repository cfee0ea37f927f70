/**
 * The reference teams. `registerReferenceTeams()` makes them available to the runner and CLI.
 */
import { registerTeam } from '../src/team/agent.js';
import { oracleTeam } from './oracle.js';
import { noopTeam } from './noop.js';
import { randomTeam } from './random.js';

export { oracleTeam } from './oracle.js';
export { noopTeam } from './noop.js';
export { randomTeam } from './random.js';
export { createPlanFollowers, type PlanFollowerBehaviour, type FollowerContext } from './plan-follower.js';

/** Registers every reference team (idempotent). */
export function registerReferenceTeams(): void {
  for (const team of [oracleTeam, randomTeam, noopTeam]) registerTeam(team);
}
