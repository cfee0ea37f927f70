/**
 * `resume-after-wait`: the call a rate limit made the role wait for is made again. It comes first:
 * the wait was this role's own last move, and nothing newer can have happened to the call.
 */
import type { Rule } from '../types.js';

/** Retries the call that was waited out. */
export const resumeAfterWait: Rule = {
  name: 'resume-after-wait',
  decide({ memory }) {
    const action = memory.retryAfterWait;
    if (!action) return null;
    memory.retryAfterWait = null;
    return { action, fromPlan: true };
  },
};
