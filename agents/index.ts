/**
 * The reference teams, as one list, {@link REFERENCE_TEAMS}; `src/builtins.ts` registers it, as it
 * registers the built-in worlds' families.
 */
import type { Team } from '../src/public/index.js';
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
export { credulousTeam, createCredulousTeam, type CredulousOptions, type TrustedValue } from './flawed/credulous.js';
export { createPlanFollowers, type PlanFollowerBehaviour, type FollowerContext } from './plan-follower.js';

/** Every reference team, in the order they are listed. */
export const REFERENCE_TEAMS: readonly Team[] = [
  oracleTeam,
  randomTeam,
  noopTeam,
  lossyHandoffTeam,
  driftingTeam,
  brittleTeam,
  credulousTeam,
];
