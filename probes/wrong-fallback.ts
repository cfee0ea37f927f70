/**
 * `wrong-fallback`: the oracle, except that when a tool is retired (a permanent failure whose error
 * names the documented replacement) it does not use the replacement: it calls another of its tools
 * that takes the same arguments, as an agent does that picks a plausible-looking tool instead of
 * reading the error. Every later call of the retired tool goes to that other tool too.
 *
 * Written as a user would: it wraps the oracle's agents and rewrites their calls of the documented
 * fallback; the other tool is chosen from the role's tool definitions (one whose parameters cover
 * the call's arguments, else any other tool).
 */
import type { Action, Agent, AgentContext, Observation, RoleBriefing, Team } from 'faultline';
import { createPlanFollowers } from 'faultline/teams';
import type { ProbeOptions } from './index.js';

/** Creates the wrong-fallback probe team. */
export function createWrongFallbackTeam(options: ProbeOptions = {}): Team {
  return {
    id: 'wrong-fallback',
    description:
      'The oracle that, when a tool is retired, calls some other tool with the same arguments instead of the documented fallback.',
    privileged: true,
    createAgents(start) {
      const oracle = createPlanFollowers(start);
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(oracle)) {
        const briefing = start.roles.find((r) => r.id === role);
        agents[role] = briefing ? misrouting(agent, briefing, options) : agent;
      }
      return agents;
    },
  };
}

/** Wraps one agent so that it calls another tool wherever it would call a documented fallback. */
function misrouting(agent: Agent, briefing: RoleBriefing, options: ProbeOptions): Agent {
  // documented fallback → the retired tool it replaces
  const replacing = new Map<string, string>();
  return {
    async act(obs: Observation, ctx: AgentContext): Promise<unknown> {
      const fallback = obs.last?.ok === false ? obs.last.error?.detail?.['fallback'] : undefined;
      if (typeof fallback === 'string') {
        const retired = /^([A-Za-z0-9_.:-]+)\(/.exec(obs.last?.action ?? '')?.[1];
        if (retired) replacing.set(fallback, retired);
      }
      const action = (await agent.act(obs, ctx)) as Action;
      if (action.type !== 'tool') return action;
      const retired = replacing.get(action.tool);
      if (retired === undefined) return action;
      const other = otherTool(briefing, action, retired);
      if (other === null) return action;
      options.onDefect?.({
        step: obs.step + 1,
        role: obs.role,
        note: `called ${other} instead of the documented fallback ${action.tool} of ${retired}`,
      });
      return { ...action, tool: other };
    },
  };
}

/** Another tool of the role than the fallback and the retired tool, preferring one that takes the call's arguments. */
function otherTool(briefing: RoleBriefing, call: Extract<Action, { type: 'tool' }>, retired: string): string | null {
  const others = briefing.tools.filter((t) => t.name !== call.tool && t.name !== retired);
  const takes = (t: (typeof others)[number]): boolean => {
    const properties = t.parameters['properties'];
    if (typeof properties !== 'object' || properties === null) return false;
    const keys = Object.keys(call.args);
    return keys.length > 0 && keys.every((k) => Object.hasOwn(properties, k));
  };
  const readOnly = briefing.tools.find((t) => t.name === retired)?.readOnly;
  const alike = others.filter((t) => t.readOnly === readOnly);
  return (alike.find(takes) ?? others.find(takes) ?? alike[0] ?? others[0])?.name ?? null;
}
