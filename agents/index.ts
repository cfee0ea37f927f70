/**
 * The reference teams. `registerReferenceTeams()` makes them available to the runner and CLI.
 */
// The entries that export registerTeam load the built-ins on import, and the built-ins import agents/: a cycle.
// eslint-disable-next-line no-restricted-imports -- until a side-effect-free entry exports it
import { registerTeam } from '../src/team/agent.js';
import { oracleTeam } from './oracle.js';
import { noopTeam } from './noop.js';
import { randomTeam } from './random.js';
import { lossyHandoffTeam } from './flawed/lossy-handoff.js';
import { driftingTeam } from './flawed/drifting.js';
import { brittleTeam } from './flawed/brittle.js';
import { credulousTeam } from './flawed/credulous.js';

export { oracleTeam } from './oracle.js';
export { noopTeam } from './noop.js';
export { randomTeam } from './random.js';
export {
  lossyHandoffTeam,
  createLossyHandoffTeam,
  type LossyHandoffOptions,
  type HandoffDrop,
} from './flawed/lossy-handoff.js';
export { driftingTeam, createDriftingTeam, type DriftingOptions, type DriftedAction } from './flawed/drifting.js';
export { brittleTeam } from './flawed/brittle.js';
export { credulousTeam } from './flawed/credulous.js';
export { createPlanFollowers, type PlanFollowerBehaviour, type FollowerContext } from './plan-follower.js';

/** Registers every reference team (idempotent). */
export function registerReferenceTeams(): void {
  for (const team of [oracleTeam, randomTeam, noopTeam, lossyHandoffTeam, driftingTeam, brittleTeam, credulousTeam])
    registerTeam(team);
}
