/**
 * The reads where a task's facts are learned from the world (`PlanStep.learn`): the natural sites
 * of data faults, since a wrong value read there flows on into handoffs and writes.
 */
import type { Rng } from '../../core/rng.js';
import type { Trigger } from '../../team/perturbation.js';
import type { Fact, Task, World } from '../../team/world.js';
import { callSites, type CallSite } from '../sites.js';

/** A read that teaches a fact, and whether it is the authoritative (verification) source. */
export interface LearnSite {
  readonly call: CallSite;
  readonly fact: Fact;
  readonly authoritative: boolean;
}

/**
 * The learn sites of each task: several types plan on them in one fault plan, and every trial of
 * a seed plans again on the same (frozen) task. Keyed like `callSites`, whose sites they hold.
 */
const learnCache = new WeakMap<Task<unknown>, readonly LearnSite[]>();

/** Every fact-learning read of the plan. */
export function learnSites(task: Task<unknown>, world?: World<unknown>): readonly LearnSite[] {
  let sites = learnCache.get(task);
  if (!sites) learnCache.set(task, (sites = Object.freeze(findLearnSites(task, world))));
  return sites;
}

function findLearnSites(task: Task<unknown>, world?: World<unknown>): LearnSite[] {
  const calls = new Map(callSites(task, world).map((c) => [c.planIndex, c]));
  const out: LearnSite[] = [];
  task.plan.forEach((step, index) => {
    const call = calls.get(index);
    if (!call || !step.learn) return;
    for (const l of step.learn) {
      const fact = task.facts.find((f) => f.id === l.fact);
      if (fact) out.push({ call, fact, authoritative: step.verification === true });
    }
  });
  return out;
}

/** A random learn site (optionally only secondary sources of facts that have an authoritative one). */
export function pickLearnSite(
  task: Task<unknown>,
  rng: Rng,
  secondaryOnly = false,
  world?: World<unknown>,
): { site: LearnSite; trigger: Trigger } | null {
  const all = learnSites(task, world);
  const sites = secondaryOnly
    ? all.filter((s) => !s.authoritative && all.some((o) => o.authoritative && o.fact.id === s.fact.id))
    : all;
  if (sites.length === 0) return null;
  const site = rng.pick(sites);
  const trigger: Trigger = {
    on: 'call',
    tool: site.call.tool,
    nth: site.call.nth,
    ...(site.call.entity !== undefined ? { entity: site.call.entity } : {}),
  };
  return { site, trigger };
}

/** A plausible wrong value for a fact: a neighbouring version, or what an uninformed agent would guess. */
export function wrongValue(fact: Fact, how: 'wrong' | 'stale'): string | null {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(fact.value);
  if (m) {
    const [maj, min, pat] = [Number(m[2]), Number(m[3]), Number(m[4])];
    return how === 'wrong' ? `${m[1]}${maj}.${min}.${pat + 1}` : `${m[1]}${maj}.${Math.max(0, min - 1)}.${pat + 3}`;
  }
  return fact.guess && fact.guess !== fact.value ? fact.guess : null;
}

/** Replaces a value in every string of a tool result. */
export function replaceInResult(result: unknown, from: string, to: string): unknown {
  if (typeof result === 'string') return result.split(from).join(to);
  if (Array.isArray(result)) return result.map((r) => replaceInResult(r, from, to));
  if (result !== null && typeof result === 'object')
    return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, replaceInResult(v, from, to)]));
  return result;
}

/** Appends text to a result's main text (its `content` field, or the string itself). */
export function appendToResult(result: unknown, text: string): unknown {
  if (typeof result === 'string') return `${result}${text}`;
  if (
    result !== null &&
    typeof result === 'object' &&
    !Array.isArray(result) &&
    typeof (result as { content?: unknown }).content === 'string'
  ) {
    return { ...result, content: `${(result as { content: string }).content}${text}` };
  }
  return result;
}
