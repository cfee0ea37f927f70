/**
 * Candidate sites for perturbations, read off a task: the tool calls, handoffs and role phases
 * its privileged plan goes through. Any team that does the task makes these calls, so a fault
 * planned on them fires for every team, whatever its strategy.
 */
import type { Action } from '../team/actions.js';
import { fullKnowledge, resolvePlanStep } from '../team/plan.js';
import type { Task, World } from '../team/world.js';

/** A tool call of the plan, with how many times the same (tool, entity) was called before. */
export interface CallSite {
  readonly planIndex: number;
  readonly role: string;
  readonly tool: string;
  readonly entity: string | undefined;
  /** 1-based occurrence of (tool, entity) in the plan up to this call. */
  readonly nth: number;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A handoff of the plan. */
export interface HandoffSite {
  readonly planIndex: number;
  readonly from: string;
  readonly to: string;
  /** 1-based handoff number. */
  readonly nth: number;
}

type ResolvedStep = { index: number; role: string; action: Action };

// Resolving a plan fills placeholders in whole file contents; tasks are immutable, so once per task.
const resolvedCache = new WeakMap<Task<unknown>, ResolvedStep[]>();
const callCache = new WeakMap<Task<unknown>, CallSite[]>();

/** The concrete actions of the plan (full knowledge), with their plan index and role. */
export function resolvedPlan(task: Task<unknown>): ResolvedStep[] {
  const cached = resolvedCache.get(task);
  if (cached) return cached;
  const out = resolvePlan(task);
  resolvedCache.set(task, out);
  return out;
}

function resolvePlan(task: Task<unknown>): ResolvedStep[] {
  const lookup = fullKnowledge(task.facts);
  const out: Array<{ index: number; role: string; action: Action }> = [];
  task.plan.forEach((step, index) => {
    const action = resolvePlanStep(step, lookup);
    if (action) out.push({ index, role: step.role, action });
  });
  return out;
}

/** Every tool call of the plan; entities as the world's tools define them (else `path`/`id`). */
export function callSites(task: Task<unknown>, world?: World<unknown>): CallSite[] {
  const cached = callCache.get(task);
  if (cached) return cached;
  const out = findCallSites(task, world);
  callCache.set(task, out);
  return out;
}

function findCallSites(task: Task<unknown>, world: World<unknown> | undefined): CallSite[] {
  const seen = new Map<string, number>();
  const out: CallSite[] = [];
  for (const { index, role, action } of resolvedPlan(task)) {
    if (action.type !== 'tool') continue;
    const tool = world?.tools[action.tool];
    const path = tool?.entity ? tool.entity(action.args) : (action.args['path'] ?? action.args['id']);
    const entity = typeof path === 'string' ? path : undefined;
    const key = `${action.tool}|${entity ?? ''}`;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    out.push({ planIndex: index, role, tool: action.tool, entity, nth, args: action.args });
  }
  return out;
}

/** Every handoff of the plan. */
export function handoffSites(task: Task<unknown>): HandoffSite[] {
  const out: HandoffSite[] = [];
  for (const { index, role, action } of resolvedPlan(task)) {
    if (action.type === 'handoff') out.push({ planIndex: index, from: role, to: action.to, nth: out.length + 1 });
  }
  return out;
}
