/**
 * `answer-control-messages`: messages that call for an answer — a teammate asks for the last
 * handoff again, or gives up — are answered at once; a request to redo work is noted for
 * `redo-requested-work`. It comes before the role checks its own brief, because a control message
 * is not a brief.
 */
import type { Rule } from '../types.js';

/** Resends, stops with a teammate that gave up, or notes work to redo. */
export const answerControlMessages: Rule = {
  name: 'answer-control-messages',
  decide({ memory, obs, fresh }) {
    for (const m of fresh) {
      const msg = m.message;
      if (typeof msg !== 'object') continue;
      if (msg['resend'] === true && memory.lastHandoff && memory.lastHandoff.to === m.from)
        return { action: memory.lastHandoff, fromPlan: false };
      if (msg['giveUp'] === true && obs.canFinish)
        return {
          action: { type: 'finish', status: 'gave_up', answer: `Stopped: ${msg.text ?? 'a teammate gave up'}` },
          fromPlan: false,
        };
      if (Array.isArray(msg['redo'])) {
        memory.redo = (msg['redo'] as unknown[]).filter((i): i is number => typeof i === 'number');
        memory.redoFrom = m.from;
      }
    }
    return null;
  },
};
