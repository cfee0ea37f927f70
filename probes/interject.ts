/**
 * A probe's way of acting differently from the oracle for a few turns: its own actions are
 * interjected between the oracle's, and when the oracle acts again it is handed the observation
 * it would have had (the result of its own last action, not of the interjected ones), so it goes
 * on with its plan as if nothing had happened.
 */
import type { Agent, AgentContext, TeamObservation } from 'faultline';

/** Decides, before the oracle is asked, whether the role takes an action of its own this turn. */
export type Interjector = (obs: TeamObservation) => unknown;

/**
 * The oracle's agent with `interject` consulted first each turn: a non-undefined result is taken
 * as the role's action; undefined lets the oracle act.
 */
export function interjecting(oracle: Agent, interject: Interjector): Agent {
  // What the observation said about the role's own past when its first interjected action of a
  // run was taken: what the oracle would have seen on that turn.
  let held: Pick<TeamObservation, 'last' | 'restarted'> | null = null;
  return {
    act(obs: TeamObservation, ctx: AgentContext): unknown {
      const own = interject(obs);
      if (own !== undefined) {
        held ??= { last: obs.last, restarted: obs.restarted };
        return own;
      }
      if (!held) return oracle.act(obs, ctx);
      const seen: TeamObservation = { ...obs, last: held.last, restarted: held.restarted || obs.restarted };
      held = null;
      return oracle.act(seen, ctx);
    },
  };
}

/** Every string inside a JSON value (a tool result, a handoff message), depth first. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
