/**
 * The failed outcome every world's tools return for bad input or a refused call.
 */
import type { ToolError, ToolOutcome } from '../team/world.js';

/**
 * A failed tool call: a stable `code` an agent can branch on, a `message` that says what was
 * wrong and what to do instead, and optional structured `detail` (e.g. `{ retryAfter: 3 }`).
 * The outcome carries no state, so it fits a tool of any world.
 */
export function fail(code: string, message: string, detail?: Readonly<Record<string, unknown>>): ToolOutcome<never> {
  const error: ToolError = detail ? { code, message, detail } : { code, message };
  return { ok: false, error };
}
