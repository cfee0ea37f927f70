/**
 * Writing a task family's privileged plan: a builder for plan steps with `{{fact:ID}}`
 * placeholders, and roles whose `needs` are derived from the plan (the facts each role's own steps
 * reference), so the handoff audit asks exactly for the facts a role cannot do its part without.
 * Shared by every world.
 */
import type { Action } from '../team/actions.js';
import { factRefs, type FactExtraction, type PlanCondition, type PlanStep, type RoleSpec } from '../team/world.js';

/** The placeholder of a fact in plan strings. */
export function fact(id: string): string {
  return `{{fact:${id}}}`;
}

/** Options of one plan step. */
export interface StepOptions {
  readonly when?: PlanCondition;
  readonly note?: string;
  /** Facts read off this step's result. */
  readonly learn?: readonly FactExtraction[];
  /** A check a careful team makes and a careless one skips. */
  readonly verification?: boolean;
}

/** Accumulates plan steps in order. */
export class PlanBuilder {
  readonly steps: PlanStep[] = [];

  /** A tool call by `role`. */
  tool(role: string, tool: string, args: Record<string, unknown>, options: StepOptions = {}): this {
    return this.push(role, { type: 'tool', tool, args }, options);
  }

  /** A structured handoff carrying `facts` by placeholder, so the receiver gets their values. */
  handoff(from: string, to: string, text: string, facts: readonly string[], options: StepOptions = {}): this {
    const carried: Record<string, string> = {};
    for (const id of facts) carried[id] = fact(id);
    return this.push(from, { type: 'handoff', to, message: { text, facts: carried } }, options);
  }

  /** The final `finish` with status `done`. */
  finish(role: string, answer: string): this {
    return this.push(role, { type: 'finish', status: 'done', answer }, {});
  }

  private push(role: string, action: Action, options: StepOptions): this {
    this.steps.push({
      role,
      action,
      ...(options.when ? { when: options.when } : {}),
      ...(options.note ? { note: options.note } : {}),
      ...(options.learn ? { learn: options.learn } : {}),
      ...(options.verification ? { verification: true } : {}),
    });
    return this;
  }
}

/** A role before its needs are computed. */
export type RoleTemplate = Omit<RoleSpec, 'needs'>;

/** The roles with their `needs`: the facts each role's plan steps reference, in `factOrder`. */
export function rolesFromPlan(
  plan: readonly PlanStep[],
  templates: readonly RoleTemplate[],
  factOrder: readonly string[],
): RoleSpec[] {
  return templates.map((t) => {
    const refs = new Set<string>();
    for (const step of plan) {
      if (step.role !== t.id) continue;
      factRefs(step.action, refs);
      if (step.when) factRefs(step.when, refs);
    }
    return { ...t, needs: factOrder.filter((id) => refs.has(id)) };
  });
}
