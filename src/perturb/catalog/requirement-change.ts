/**
 * A mid-task change of requirement: while the team works, the user changes one value (e.g. the
 * release becomes a major one). The newest intent must win: work already done with the old value
 * has to be redone.
 */
import type { Constraint, Task } from '../../team/world.js';
import { resolvedPlan } from '../sites.js';
import { alternativeValue, replaceDeep } from './eligible-facts.js';
import type { PerturbationType } from './perturbation-type.js';

/** The task after a fact changed value: the fact and every constraint parameter follow it. */
export function changeFact(task: Task<unknown>, factId: string, value: string): Task<unknown> {
  const fact = task.facts.find((f) => f.id === factId);
  if (!fact) return task;
  const old = fact.value;
  return {
    ...task,
    facts: task.facts.map((f) => (f.id === factId ? { ...f, value } : f)),
    constraints: task.constraints.map((c): Constraint =>
      c.facts.includes(factId)
        ? { ...c, params: replaceDeep(c.params, old, value), text: c.text.split(old).join(value) }
        : c,
    ),
  };
}

/** Recovery: follow the newest intent (an escalation to the team that redoes the work). */
export const requirementChange: PerturbationType = {
  id: 'requirement-change',
  kind: 'instruction',
  site: 'user',
  recovery: 'escalate',
  description: 'Mid-task, the user changes one requirement (a new value for a fact); the newest intent must win.',
  plan(ctx, rng) {
    const needed = new Set(ctx.task.roles.filter((r) => r.id !== ctx.task.entryRole).flatMap((r) => r.needs));
    const facts = ctx.task.facts.filter((f) => needed.has(f.id) && alternativeValue(f) !== null);
    if (facts.length === 0) return null;
    const fact = rng.pick(facts);
    // Deliver it while the other roles are at work: somewhere in the middle of the plan.
    const steps = resolvedPlan(ctx.task);
    const firstHandoff = steps.findIndex((s) => s.action.type === 'handoff');
    const lo = Math.max(1, firstHandoff + 2);
    const hi = Math.max(lo, Math.floor(steps.length * 0.6));
    return {
      trigger: { on: 'step', step: rng.int(lo, hi) },
      params: { fact: fact.id, value: alternativeValue(fact), previous: fact.value },
    };
  },
  beforeStep(ctx, p) {
    const factId = String(p.params['fact']);
    const value = String(p.params['value']);
    const fact = ctx.task.facts.find((f) => f.id === factId);
    if (!fact) return null;
    return {
      value: {
        task: changeFact(ctx.task, factId, value),
        userMessage: {
          to: ctx.task.entryRole,
          message: {
            text: `Change of plan: for ${fact.description}, use ${value} instead of ${fact.value}. Everything else stays as requested.`,
            facts: { [factId]: value },
          },
        },
      },
      detail: `the user changed "${factId}" from ${fact.value} to ${value}`,
      facts: [factId],
    };
  },
};
