/**
 * `swallower`: the oracle, except that it swallows tool errors. When a tool call of its own fails
 * it carries on with the next step of its plan as if the call had worked (it learns nothing from
 * the call, since there is no result), and at the end it reports the task done — the "silently
 * claims success" failure of an agent loop that never checks `ok`.
 *
 * Written as a user would: it wraps the oracle's agents and shows them a doctored observation in
 * which a failed tool call succeeded with an empty result.
 */
import type { Agent, AgentContext, Observation, Team } from 'faultline';
import { createPlanFollowers } from 'faultline/teams';
import type { ProbeOptions } from './index.js';

/** Creates the swallower probe team. */
export function createSwallowerTeam(options: ProbeOptions = {}): Team {
  return {
    id: 'swallower',
    description: 'The oracle that ignores tool errors: it moves on as if a failed call had worked and claims success.',
    privileged: true,
    createAgents(start) {
      const oracle = createPlanFollowers(start);
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(oracle)) agents[role] = swallowing(agent, options);
      return agents;
    },
  };
}

/** Wraps one agent so that it never sees its own tool calls fail. */
function swallowing(agent: Agent, options: ProbeOptions): Agent {
  let lastWasTool = false;
  return {
    async act(obs: Observation, ctx: AgentContext): Promise<unknown> {
      const failed = lastWasTool && obs.last !== null && !obs.last.ok;
      if (failed)
        options.onDefect?.({
          step: obs.step + 1,
          role: obs.role,
          note: `ignored the error of ${obs.last?.action ?? 'its last call'} (${obs.last?.error?.code ?? 'error'})`,
        });
      const shown: Observation =
        failed && obs.last ? { ...obs, last: { action: obs.last.action, ok: true, result: '' } } : obs;
      const action = await agent.act(shown, ctx);
      lastWasTool = isToolCall(action);
      return action;
    },
  };
}

function isToolCall(action: unknown): boolean {
  return typeof action === 'object' && action !== null && (action as { type?: unknown }).type === 'tool';
}
