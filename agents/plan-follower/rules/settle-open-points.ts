/**
 * `settle-open-points`: the entry role asks the user about each needed fact the request leaves
 * open, before it briefs anyone (values the plan reads off the world are not open points). It
 * comes before the plan so that no brief goes out with a guess in it.
 */
import { knownFacts } from '../../follower-memory.js';
import type { Rule } from '../types.js';

/** Asks the user about a needed fact the request leaves open. */
export const settleOpenPoints: Rule = {
  name: 'settle-open-points',
  decide({ task, memory, obs, recover }) {
    if (!recover || obs.request === null) return null;
    const known = knownFacts(task.facts, memory, obs);
    const learnable = new Set(task.plan.flatMap((st) => (st.learn ?? []).map((l) => l.fact)));
    const needed = new Set(task.roles.flatMap((r) => r.needs));
    const open = task.facts.find(
      (f) => needed.has(f.id) && !learnable.has(f.id) && !known.has(f.id) && !memory.asked.has(f.id),
    );
    if (!open) return null;
    memory.asked.add(open.id);
    return {
      action: { type: 'ask', question: `The request leaves ${open.description} open. What should it be?` },
      fromPlan: false,
    };
  },
};
