/**
 * `brittle`: the oracle that never recovers. It never retries, never waits out a rate limit, never
 * switches to a fallback, never asks the user or a teammate; on an error it either gives up or
 * carries on as if nothing happened and claims success (chosen per episode from the team's seed).
 * Its defect shows only when a perturbation fires, so its mode is failure to recover.
 */
import { Rng } from '../../src/public/authoring.js';
import type { Team } from '../../src/public/index.js';
import { createPlanFollowers } from '../plan-follower.js';

/** The brittle flawed team. */
export const brittleTeam: Team = {
  id: 'brittle',
  description:
    'The oracle that never retries, waits, falls back or asks: on an error it gives up or claims success (failure to recover).',
  privileged: true,
  createAgents(start) {
    const reaction = Rng.fromSeed(start.agentSeed).fork('brittle').chance(0.5) ? 'give-up' : 'ignore';
    return createPlanFollowers(start, { recover: false, onError: () => reaction });
  },
};
