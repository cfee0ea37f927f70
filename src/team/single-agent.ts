/**
 * The single-agent view: one role, `agent`, holds every tool of every role, receives the request
 * and may finish. Plain Gymnasium-style loops (one policy, no handoffs) use this view.
 */
import type { Task } from './world.js';

/** The id of the only role in the single-agent view. */
export const SINGLE_AGENT_ROLE = 'agent';

/** Collapses a task's roles into one. The oracle plan loses its handoffs. */
export function toSingleAgentTask<W>(task: Task<W>): Task<W> {
  const tools: string[] = [];
  for (const r of task.roles) for (const t of r.tools) if (!tools.includes(t)) tools.push(t);
  return {
    ...task,
    roles: [
      {
        id: SINGLE_AGENT_ROLE,
        description: 'You do the whole task alone: plan, make the changes, and check them.',
        tools,
        canFinish: true,
        needs: task.facts.map((f) => f.id),
      },
    ],
    entryRole: SINGLE_AGENT_ROLE,
    plan: task.plan.filter((s) => s.action.type !== 'handoff').map((s) => ({ ...s, role: SINGLE_AGENT_ROLE })),
  };
}
