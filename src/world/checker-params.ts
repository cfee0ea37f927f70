/**
 * Reading a constraint's params inside a checker. Params are plain JSON written by the task
 * generator; a checker that finds one missing or of the wrong type treats the constraint as
 * unmet rather than throwing, so these return null instead of asserting.
 */

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
  const v = ctx.params[key];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
}

export { escapeRegExp } from '../core/regexp.js';
