/**
 * Resolving the privileged oracle plan: filling `{{fact:ID}}` placeholders with the values a
 * role knows (or its guesses) and deciding conditional steps. Reference teams and tests use it.
 */
import type { Action } from './actions.js';
import type { Fact, PlanCondition, PlanStep, Task } from './world.js';
import { fillFacts } from './world.js';

/** Returns the value an agent would use for a fact id (known value or its own guess). */
export type FactLookup = (id: string) => string | undefined;

/** Fills placeholders in every string of a JSON value. */
export function fillValue<T>(value: T, lookup: FactLookup): T {
  if (typeof value === 'string') return fillFacts(value, lookup) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => fillValue(v, lookup)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = fillValue((value as Record<string, unknown>)[k], lookup);
    return out as T;
  }
  return value;
}

/** Whether a plan condition holds once facts are filled in. Numeric ops compare as numbers. */
export function conditionHolds(condition: PlanCondition, lookup: FactLookup): boolean {
  const left = fillFacts(condition.left, lookup);
  const right = fillFacts(condition.right, lookup);
  switch (condition.op) {
    case 'startsWith':
      return right.length > 0 && left.startsWith(right);
    case 'notStartsWith':
      return right.length === 0 || !left.startsWith(right);
    case 'equals':
      return left === right;
    case 'notEquals':
      return left !== right;
    case 'lte':
      return Number(left) <= Number(right);
    case 'gt':
      return Number(left) > Number(right);
  }
}

/** The concrete action of a plan step, or null when its condition says to skip it. */
export function resolvePlanStep(step: PlanStep, lookup: FactLookup): Action | null {
  if (step.when && !conditionHolds(step.when, lookup)) return null;
  return fillValue(step.action, lookup);
}

/** A lookup that knows every fact of the task (what the oracle's entry role has from the request). */
export function fullKnowledge(facts: readonly Fact[]): FactLookup {
  const byId = new Map(facts.map((f) => [f.id, f.value]));
  return (id) => byId.get(id);
}

/** A lookup that knows only `known` facts and falls back on each fact's guess. */
export function partialKnowledge(facts: readonly Fact[], known: ReadonlyMap<string, string>): FactLookup {
  const guesses = new Map(facts.map((f) => [f.id, f.guess]));
  return (id) => known.get(id) ?? guesses.get(id);
}

/** The whole plan as concrete actions with full knowledge, skipping steps whose condition fails. */
export function planActions<W>(task: Task<W>): Action[] {
  const lookup = fullKnowledge(task.facts);
  const out: Action[] = [];
  for (const step of task.plan) {
    const action = resolvePlanStep(step, lookup);
    if (action) out.push(action);
  }
  return out;
}
