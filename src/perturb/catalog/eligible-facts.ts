/**
 * Facts a perturbation may hide or change: stated in the request, needed by some role, and not
 * overlapping another fact's value (so replacing one never corrupts another).
 */
import type { Fact, Task } from '../../team/world.js';

/** Facts whose value can be cleanly replaced in the request text. */
export function replaceableFacts(task: Task<unknown>): Fact[] {
  const needed = new Set(task.roles.flatMap((r) => r.needs));
  return task.facts.filter(
    (f) =>
      f.value.length >= 2 &&
      needed.has(f.id) &&
      task.request.includes(f.value) &&
      !task.facts.some((o) => o.id !== f.id && (o.value.includes(f.value) || f.value.includes(o.value))),
  );
}

/** Replaces every occurrence of `from` in every string of a JSON value. */
export function replaceDeep<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => replaceDeep(v, from, to)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceDeep(v, from, to);
    return out as T;
  }
  return value;
}

/** An alternative value for a fact: its own, or for a version string the next major version. */
export function alternativeValue(fact: Fact): string | null {
  if (fact.alternative) return fact.alternative;
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(fact.value);
  if (m) return `${m[1]}${Number(m[2]) + 1}.0.0`;
  return null;
}
