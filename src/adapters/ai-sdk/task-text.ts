/**
 * The task as an AI SDK role is first told it: who it is, who its teammates are, how control
 * passes, and what it sees now (the entry role's view holds the user's request). The MCP task
 * text tells a session to wait for its turn with a tool of its own; here a role's loop runs only
 * while it holds control, so it is told that instead, and offered no such tool.
 */
import type { EpisodeStart } from '../../team/agent.js';
import type { TeamObservation } from '../../team/observation.js';

/** The first message of `role`'s conversation, given what it sees now. */
export function roleTaskText(start: EpisodeStart, role: string, view: TeamObservation): string {
  const briefing = start.roles.find((r) => r.id === role);
  const teammates = start.roles.filter((r) => r.id !== role).map((r) => r.id);
  return [
    `# faultline episode: ${start.envId}, seed ${start.seed}, trial ${start.trial}`,
    '',
    `You are the ${role} of a team${briefing ? `: ${briefing.description}` : ''}.`,
    `Teammates: ${teammates.join(', ') || '(none)'}. They see only what you hand them.`,
    'You act now: you hold control. A handoff passes control, with your message, to a teammate and ends your turn;',
    'you are called again when one hands back to you.',
    '',
    '## What you see now',
    view.text,
  ].join('\n');
}
