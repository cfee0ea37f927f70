/**
 * Helpers for a world's {@link WorldVariants} hooks: the text of a whole task (to tell whether a
 * new name is free), seeded renamings within a pool of names, and shuffles that are never the
 * identity, so a variant visibly differs.
 */
import type { Rng } from '../core/rng.js';
import { containsToken } from '../team/rename-task.js';
import type { Task } from '../team/world.js';

/** Every string and object key of a task, one per line: what a new name must not already be in. */
export function taskText(task: Task<unknown>): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        walk(v);
      }
    }
  };
  walk(task);
  return out.join('\n');
}

/** Whether `name` occurs in the task's text as a whole token. */
export function occursIn(text: string, name: string): boolean {
  return containsToken(text, name);
}

/**
 * A renaming of every one of `names` (old → new, all distinct, none to itself) into `pool`: a
 * name maps to another of `names` (a swap) or to a pool name `isFree` accepts (one that occurs
 * nowhere in the task). `names` must all occur in the task; they need not be in the pool.
 */
export function renameWithin(
  rng: Rng,
  names: readonly string[],
  pool: readonly string[],
  isFree: (name: string) => boolean,
): Record<string, string> {
  const unique = [...new Set(names)];
  const own = new Set(unique);
  const candidates = rng.shuffle([...new Set([...pool.filter((p) => !own.has(p) && isFree(p)), ...unique])]);
  const taken = new Set<string>();
  const out: Record<string, string> = {};
  for (const name of unique) {
    const pick = candidates.find((c) => c !== name && !taken.has(c));
    if (pick !== undefined) {
      taken.add(pick);
      out[name] = pick;
      continue;
    }
    // Only its own name is left: trade targets with a name renamed before it.
    const other = unique.find((n) => out[n] !== undefined);
    if (other === undefined) return {};
    out[name] = out[other] as string;
    out[other] = name;
  }
  return out;
}

/** A shuffled copy that differs from `items` whenever it can (two or more distinct items). */
export function shuffleVisibly<T>(rng: Rng, items: readonly T[]): T[] {
  const out = rng.shuffle(items);
  if (items.length > 1 && out.every((x, i) => x === items[i])) return [...items.slice(1), items[0] as T];
  return out;
}

/** A permutation of `names` among themselves (old → new), never the identity for two or more. */
export function permuteNames(rng: Rng, names: readonly string[]): Record<string, string> {
  const shuffled = shuffleVisibly(rng, names);
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    if (shuffled[i] !== n) out[n] = shuffled[i] as string;
  });
  return out;
}

/** The renames whose old name occurs in the task (a name's other forms may not all appear). */
export function presentRenames(text: string, renames: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(renames).filter(([from]) => occursIn(text, from)));
}
