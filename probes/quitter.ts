/**
 * `quitter`: the oracle, until it quits early — after a seeded number of actions (two to five),
 * or at the latest where the oracle would make its first change to the world, whichever comes
 * first. It quits for no reason the episode gives it: a fault on the way is handled as the oracle
 * handles it (it never quits where the oracle waits, calls again, or has just seen an error) (a team that quits *over* an error fails to recover from it — the swallower's and
 * the recovery metric's matter, not this team's). Then it either gives up (the role that may finish ends the episode as
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
      'The oracle until it quits early (after a few actions, or before its first change), faults or not: gives up or stalls; never attempts the task (no progress).',
    privileged: true,
    createAgents(start) {
      const rng = Rng.fromSeed(start.agentSeed).fork('quitter');
      const after = rng.int(2, 5);
      const style: StopStyle = options.style ?? (rng.chance(0.5) ? 'give-up' : 'stall');
      const agents: Record<string, Agent> = {};
      // The actions the oracle proposed so far, per role.
      const previous = new Set<string>();
      for (const [role, oracle] of Object.entries(createPlanFollowers(start))) {
        agents[role] = stoppingAgent(
          start,
          oracle,
          style,
          // Never where the oracle answers a fault (right after an error, a wait, a call made
          // again): quitting there is quitting over it (see above); the team quits on a later turn.
          (obs, next, state) => {
            const key = JSON.stringify(next);
            const answersFault =
              obs.last?.ok === false ||
              (isRecord(next) && next['type'] === 'wait') ||
              previous.has(`${obs.role} ${key}`);
            const quits = isWriteCall(start, obs.role, next) || (state.actions >= after && !answersFault);
            previous.add(`${obs.role} ${key}`);
            return quits;
          },
          (obs) => options.onDefect?.({ step: obs.step + 1, role: obs.role, note: `quit (${style})` }),
        );
      }
      return agents;
    },
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The registered-by-name form with default options. */
export const quitterTeam: Team = createQuitterTeam();
