/**
 * The entry agent's first input: who it is in the episode and what it sees (its view holds the
 * user's request). Not the MCP sessions' task text: an SDK agent has no `await_turn` and no
 * `handoff` tool; control passes with the SDK's handoffs, which it has as `transfer_to_…` tools.
 */
import type { EpisodeStart } from '../../team/agent.js';
import type { TeamObservation } from '../../team/observation.js';

/** The first input of the agent playing `role`, given its view now. */
export function taskInput(start: EpisodeStart, role: string, view: TeamObservation): string {
  const briefing = start.roles.find((r) => r.id === role);
  return [
    `# faultline episode: ${start.envId}, seed ${start.seed}, trial ${start.trial}`,
    '',
    `You are the ${role} of a team${briefing ? `: ${briefing.description}` : ''}.`,
    'Your teammates see only what your handoffs pass them; a handoff gives them control.',
    '',
    '## What you see now',
    view.text,
  ].join('\n');
}
