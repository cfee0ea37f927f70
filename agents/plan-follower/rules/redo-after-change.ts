/**
 * `redo-after-change`: when the user changes a requirement after the team was briefed with the
 * old value, the entry role asks the role that did the affected plan steps to redo them (one
 * role at a time, in plan order). It comes before the entry role's own plan work, since that work
 * may already depend on the redone steps.
 */
import { factRefs } from '../../../src/public/authoring.js';
import type { Action } from '../../../src/public/index.js';
import { knownFacts } from '../../follower-memory.js';
import type { Rule, Turn } from '../types.js';

/** Has work done with an outdated value redone (entry role, unless changes are ignored). */
export const redoAfterChange: Rule = {
  name: 'redo-after-change',
  decide(turn) {
    if (turn.obs.request === null || turn.behaviour.followChanges === false) return null;
    const redo = redoForChanges(turn);
    return redo ? { action: redo, fromPlan: false } : null;
  },
};

/** A handoff that asks the roles that used an outdated value to redo those steps. */
function redoForChanges(turn: Turn): Action | null {
  const { task, playbook, memory, obs } = turn;
  const known = knownFacts(task.facts, memory, obs);
  const changed = [...memory.sentValues]
    .filter(([id, value]) => known.get(id) !== undefined && known.get(id) !== value)
    .map(([id]) => id);
  if (changed.length === 0) return null;
  const redo = [...playbook.executed]
    .filter(([index, role]) => role !== obs.role && changed.some((id) => factRefs(task.plan[index]).has(id)))
    .sort((a, b) => a[0] - b[0]);
  for (const id of changed) memory.sentValues.set(id, known.get(id) as string);
  const first = redo[0];
  if (!first) return null;
  const role = first[1];
  const needs = task.roles.find((r) => r.id === role)?.needs ?? [];
  const facts = Object.fromEntries(needs.filter((id) => known.has(id)).map((id) => [id, known.get(id) as string]));
  const indices = redo.filter(([, r]) => r === role).map(([i]) => i);
  return {
    type: 'handoff',
    to: role,
    message: {
      text: `The user changed a requirement (${changed.join(', ')}). Please redo the affected changes with the new values.`,
      facts,
      redo: indices,
    },
  };
}
