/**
 * The `allow` list of a `no-collateral` constraint: entity ids a task lets the team change, each
 * an exact id, or a prefix ending with `/` that covers every id under it (`src/`, `crm/`).
 *
 * The no-collateral check asks it about every changed entity after every write, and the changes
 * pile up over an episode (every migrated contact, every edited file): testing each id against
 * each entry made the check quadratic, about a third of its cost. A list is compiled once into a
 * set of exact ids and the prefixes, and remembered by the array when the array is frozen (a
 * task's params are), so an id costs one set lookup and a test per prefix.
 */
import { isFrozen } from '../core/frozen.js';
import { stringListParam } from './checker-params.js';

/** A compiled allow list. */
export interface AllowList {
  /** Whether `id` is one of the exact ids or lies under one of the prefixes. */
  allows(id: string): boolean;
}

/** Compiled lists, by the frozen array they were compiled from (it can never change). */
const compiled = new WeakMap<readonly string[], AllowList>();

/**
 * The compiled form of `allow`. Empty entries allow nothing. Every entry must be a string (the
 * caller checks: see {@link allowListParam}).
 */
export function allowListOf(allow: readonly string[]): AllowList {
  const known = compiled.get(allow);
  if (known !== undefined) return known;
  const list = compile(allow);
  if (isFrozen(allow)) compiled.set(allow, list);
  return list;
}

/**
 * The param `key` of a checker's constraint as an allow list, or null when it is missing or not a
 * list of strings (the checker then treats its constraint as unmet).
 */
export function allowListParam(
  ctx: { readonly params: Readonly<Record<string, unknown>> },
  key: string,
): AllowList | null {
  const list = stringListParam(ctx, key);
  return list ? allowListOf(list) : null;
}

function compile(allow: readonly string[]): AllowList {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of allow) {
    if (entry.length === 0) continue;
    exact.add(entry);
    if (entry.endsWith('/')) prefixes.push(entry);
  }
  return {
    allows(id: string): boolean {
      if (exact.has(id)) return true;
      for (const prefix of prefixes) if (id.startsWith(prefix)) return true;
      return false;
    },
  };
}
