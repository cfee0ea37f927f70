/**
 * What the do-nothing and quitter probes share: the oracle until a point where the team stops
 * working, and then, every turn, the stopping move — the role that may finish ends the episode,
 * any other role hands the turn to one that may — or a wait that never ends.
 */
import type { Action, Agent, EpisodeStart, TeamObservation } from 'faultline';

/** How a team that stopped working behaves from then on. */
export type StopStyle = 'claim-done' | 'give-up' | 'stall';

/** Whether an action changes the world: a call of a tool the role's briefing marks as writing. */
export function isWriteCall(start: EpisodeStart, role: string, action: unknown): boolean {
  if (typeof action !== 'object' || action === null) return false;
  const a = action as { type?: unknown; tool?: unknown };
  if (a.type !== 'tool' || typeof a.tool !== 'string') return false;
  const tool = start.roles.find((r) => r.id === role)?.tools.find((t) => t.name === a.tool);
  return tool !== undefined && !tool.readOnly;
}

/** The move of a role once the team has stopped working, in the given style. */
export function stoppedMove(start: EpisodeStart, obs: TeamObservation, style: StopStyle): Action {
  if (style === 'stall') return { type: 'wait', ticks: 1 };
  if (obs.canFinish)
    return style === 'claim-done'
      ? { type: 'finish', status: 'done', answer: 'Done: I looked into it and nothing needed changing.' }
      : { type: 'finish', status: 'gave_up', answer: 'I could not get this done, so I am stopping here.' };
  const finisher = start.roles.find((r) => r.canFinish && r.id !== obs.role)?.id;
  if (!finisher) return { type: 'wait', ticks: 1 };
  return {
    type: 'handoff',
    to: finisher,
    message:
      style === 'claim-done'
        ? 'I looked around: nothing needs changing. Please wrap up.'
        : 'I am stopping here: I could not get this done. Please close it.',
  };
}

/** Per episode: whether the team has stopped working (roles re-created after a restart share it). */
export interface StopState {
  stopped: boolean;
  /** Actions the team has taken so far. */
  actions: number;
}

const states = new WeakMap<EpisodeStart, StopState>();

/** The stop state of an episode. */
export function stopStateOf(start: EpisodeStart): StopState {
  let s = states.get(start);
  if (!s) {
    s = { stopped: false, actions: 0 };
    states.set(start, s);
  }
  return s;
}

/**
 * The oracle's agent, stopping (for the whole team) the first time `stopsNow` says so for the
 * action the oracle is about to take; `onStop` is told where.
 */
export function stoppingAgent(
  start: EpisodeStart,
  oracle: Agent,
  style: StopStyle,
  stopsNow: (obs: TeamObservation, next: unknown, state: StopState) => boolean,
  onStop: (obs: TeamObservation) => void,
): Agent {
  const state = stopStateOf(start);
  return {
    async act(obs, ctx) {
      if (state.stopped) return stoppedMove(start, obs, style);
      const next: unknown = await oracle.act(obs, ctx);
      if (stopsNow(obs, next, state)) {
        state.stopped = true;
        onStop(obs);
        return stoppedMove(start, obs, style);
      }
      state.actions += 1;
      return next;
    },
  };
}
