/**
 * `ask-after-restart`: a role whose memory a restart wiped asks for its brief again — from the
 * role that briefs it in the plan, else from the user. It comes before anything that reads the
 * inbox, since the inbox it would read is gone.
 */
import type { Rule } from '../types.js';

/** Asks for the brief again after a restart. */
export const askAfterRestart: Rule = {
  name: 'ask-after-restart',
  decide({ task, memory, obs, recover }) {
    if (!obs.restarted || !recover || obs.request !== null) return null;
    memory.restarted = true;
    const briefer = task.plan.find((st) => st.action.type === 'handoff' && st.action.to === obs.role)?.role;
    if (briefer)
      return {
        action: {
          type: 'handoff',
          to: briefer,
          message: { text: 'I was restarted and lost my context: please resend my brief.', resend: true },
        },
        fromPlan: false,
      };
    return {
      action: { type: 'ask', question: 'I was restarted and lost my context: please restate the request.' },
      fromPlan: false,
    };
  },
};
