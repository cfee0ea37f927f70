/**
 * `redo-requested-work`: a role asked to redo plan steps after a change of requirement redoes
 * its own tool steps among them, one per turn, with the values it knows now. It comes before the
 * plan, whose cursor has already moved past those steps.
 */
import { resolvePlanStep } from '../../../src/public/authoring.js';
import { lookupFor, withFallback } from '../context.js';
import type { Rule } from '../types.js';

/** Redoes the next requested plan step. */
export const redoRequestedWork: Rule = {
  name: 'redo-requested-work',
  decide(turn) {
    const { task, memory, obs } = turn;
    while (memory.redo.length > 0) {
      const index = memory.redo.shift() as number;
      const step = task.plan[index];
      if (!step || step.role !== obs.role) continue;
      const action = resolvePlanStep(step, lookupFor(turn, index));
      if (action && action.type === 'tool') return { action: withFallback(memory, action), fromPlan: true };
    }
    return null;
  },
};
