/**
 * `settle-open-points`: the entry role asks the user about each needed fact the request leaves
 * open, before it briefs anyone (values the plan reads off the world are not open points). It
 * comes before the plan so that no brief goes out with a guess in it.
 */
import type { Fact, Task } from '../../../src/public/authoring.js';
import { knownFacts } from '../../follower-memory.js';
import type { Rule } from '../types.js';

/** Asks the user about a needed fact the request leaves open. */
export const settleOpenPoints: Rule = {
  name: 'settle-open-points',
  decide({ task, memory, obs, recover }) {
    if (!recover || obs.request === null) return null;
    const candidates = askable(task);
    // Most tasks have no fact that could be open: nothing to look up in what the role knows.
    if (candidates.length === 0) return null;
    const known = knownFacts(task.facts, memory, obs);
    const open = candidates.find((f) => !known.has(f.id) && !memory.asked.has(f.id));
    if (!open) return null;
    memory.asked.add(open.id);
    return {
      action: { type: 'ask', question: `The request leaves ${open.description} open. What should it be?` },
      fromPlan: false,
    };
  },
};

/**
 * The facts some role needs that no plan step reads off the world, in fact order, per task. The
 * task is frozen and the entry role asks every turn, so they are worked out once.
 */
const askableFacts = new WeakMap<Task<unknown>, readonly Fact[]>();

function askable(task: Task<unknown>): readonly Fact[] {
  let facts = askableFacts.get(task);
  if (!facts) {
    const learnable = new Set(task.plan.flatMap((st) => (st.learn ?? []).map((l) => l.fact)));
    const needed = new Set(task.roles.flatMap((r) => r.needs));
    facts = task.facts.filter((f) => needed.has(f.id) && !learnable.has(f.id));
    askableFacts.set(task, facts);
  }
  return facts;
}
