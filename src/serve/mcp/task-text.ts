/**
 * The task as a session's role is told it: who it is, what it can call, how control passes, and
 * what it sees now (the entry role's view holds the user's request). Served as the `task` prompt
 * and the `faultline://episode/task` resource.
 */
import type { EpisodeStart } from '../../team/agent.js';
import type { TeamObservation } from '../../team/observation.js';
import { AWAIT_TURN_TOOL } from './session-tools.js';

/** The task text for `role` (null: the whole team), given what it sees now. */
export function taskText(start: EpisodeStart, role: string | null, view: TeamObservation): string {
  const lines = [`# faultline episode: ${start.envId}, seed ${start.seed}, trial ${start.trial}`, ''];
  if (role === null) {
    lines.push(
      `You play the whole team: ${start.roles.map((r) => `${r.id} (${r.description})`).join('; ')}.`,
      'Each call acts as the role that holds control now; a handoff passes control to another role.',
    );
  } else {
    const briefing = start.roles.find((r) => r.id === role);
    lines.push(
      `You are the ${role} of a team${briefing ? `: ${briefing.description}` : ''}.`,
      `Teammates: ${
        start.roles
          .filter((r) => r.id !== role)
          .map((r) => r.id)
          .join(', ') || '(none)'
      }. They see only what you hand them.`,
      'Only the role that holds control can act. A call you make while a teammate holds control waits until one hands off to you;',
      `call ${AWAIT_TURN_TOOL} to wait for your turn and read your inbox without acting.`,
    );
  }
  lines.push('', '## What you see now', view.text);
  return lines.join('\n');
}
