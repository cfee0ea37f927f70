/**
 * `report-redone`: once the requested steps are redone, the role tells whoever asked. It follows
 * `redo-requested-work` directly, so the report goes out only when nothing is left to redo.
 */
import { REDONE_TEXT } from '../control.js';
import type { Rule } from '../types.js';

/** Reports redone work back to the role that asked for it. */
export const reportRedone: Rule = {
  name: 'report-redone',
  decide({ memory }) {
    const to = memory.redoFrom;
    if (!to) return null;
    memory.redoFrom = null;
    return { action: { type: 'handoff', to, message: { text: REDONE_TEXT } }, fromPlan: false };
  },
};
