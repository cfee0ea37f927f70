/**
 * `quitter`: the oracle, until it quits early — after a seeded number of actions (two to five),
 * at its first error, or at the latest where the oracle would make its first change to the world,
 * whichever comes first. Then it either gives up (the role that may finish ends the episode as
 * `gave_up`; any other role hands it that decision) or stalls (waits, turn after turn, until the
 * step limit), by a seeded coin. Either way it never attempts the task: the no-progress outcome
 * (MAST FM-3.1) is for it.
 */
import type { Agent, Team } from 'faultline';
import { Rng } from 'faultline/authoring';
import { createPlanFollowers } from 'faultline/teams';
import type { ProbeOptions } from './index.js';
import { isWriteCall, stoppingAgent, type StopStyle } from './stopping.js';

/** Options of {@link createQuitterTeam}. */
export interface QuitterOptions extends ProbeOptions {
  /** How it quits; seeded (half and half) when unset. */
  readonly style?: Exclude<StopStyle, 'claim-done'>;
}

/** Builds the quitter probe team; `onDefect` is told where it quit. */
export function createQuitterTeam(options: QuitterOptions = {}): Team {
  return {
    id: 'quitter',
    description:
      'The oracle until it quits early (after a few actions, at its first error, or before its first change): gives up or stalls; never attempts the task (no progress).',
    privileged: true,
    createAgents(start) {
      const rng = Rng.fromSeed(start.agentSeed).fork('quitter');
      const after = rng.int(2, 5);
      const style: StopStyle = options.style ?? (rng.chance(0.5) ? 'give-up' : 'stall');
      const agents: Record<string, Agent> = {};
      for (const [role, oracle] of Object.entries(createPlanFollowers(start))) {
        agents[role] = stoppingAgent(
          start,
          oracle,
          style,
          (obs, next, state) => state.actions >= after || obs.last?.ok === false || isWriteCall(start, obs.role, next),
          (obs) => options.onDefect?.({ step: obs.step + 1, role: obs.role, note: `quit (${style})` }),
        );
      }
      return agents;
    },
  };
}

/** The registered-by-name form with default options. */
export const quitterTeam: Team = createQuitterTeam();
