/**
 * The noop team: finishes at once. A task that it passes has a broken grader, so it must score
 * exactly 0%.
 */
import type { Agent, Team } from '../src/public/index.js';

/** The noop reference team. */
export const noopTeam: Team = {
  id: 'noop',
  description: 'Finishes immediately without doing anything (must score exactly 0%).',
  createAgents(start) {
    const finisher = start.roles.find((r) => r.canFinish)?.id;
    const agents: Record<string, Agent> = {};
    for (const role of start.roles) {
      agents[role.id] = {
        act: (obs) =>
          obs.canFinish
            ? { type: 'finish', status: 'done', answer: 'Done.' }
            : finisher
              ? { type: 'handoff', to: finisher, message: 'Nothing to do.' }
              : { type: 'wait', ticks: 1 },
      };
    }
    return agents;
  },
};
