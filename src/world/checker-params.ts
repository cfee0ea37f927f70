/**
 * Reading a constraint's params inside a checker. Params are plain JSON written by the task
 * generator; a checker that finds one missing or of the wrong type treats the constraint as
 * unmet rather than throwing, so these return null instead of asserting.
 */

import { isFrozen } from '../core/frozen.js';

/** What a checker context offers these readers. */
interface WithParams {
  readonly params: Readonly<Record<string, unknown>>;
}

/** The string param `key`, or null. */
export function stringParam(ctx: WithParams, key: string): string | null {
  const v = ctx.params[key];
  return typeof v === 'string' ? v : null;
}

/** The string-list param `key`, or null. */
export function stringListParam(ctx: WithParams, key: string): string[] | null {
  const v: unknown = ctx.params[key];
  if (!Array.isArray(v)) return null;
  const list: unknown[] = v;
  if (checkedLists.has(list)) return list as string[];
  if (!list.every((x) => typeof x === 'string')) return null;
  if (isFrozen(list)) checkedLists.add(list);
  return list;
}

/**
 * Frozen lists found to hold only strings. A checker reads its params after every write, and a
 * list of entity ids can be long; a frozen one (a task's params are) is checked once.
 */
const checkedLists = new WeakSet<readonly unknown[]>();

/**
 * `read`, remembered per params object when it is frozen (a task's are): a checker runs after
 * every write, and what it works out from its params alone (a rule, a memo key written as JSON)
 * need not be worked out again. An unfrozen params object is read every time.
 */
export function paramsMemo<T>(read: (ctx: WithParams) => T): (ctx: WithParams) => T {
  const known = new WeakMap<object, { readonly value: T }>();
  return (ctx) => {
    const hit = known.get(ctx.params);
    if (hit !== undefined) return hit.value;
    const value = read(ctx);
    if (isFrozen(ctx.params)) known.set(ctx.params, { value });
    return value;
  };
}

export { escapeRegExp } from '../core/regexp.js';
