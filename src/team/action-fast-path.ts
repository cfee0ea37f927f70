/**
 * The common case of action validation without the schema library: an action whose fields are
 * exactly the ones its type declares, each of the right type and within its limits. It gives the
 * very value `ActionSchema` would (the same fields, in the schema's order, defaults filled in,
 * records copied), in a fraction of the time; anything else — an unknown or missing field, a wrong
 * type, a limit crossed — returns null, and the schema decides and words the error. Callers have
 * already checked the action's structure (plain JSON, depth, forbidden keys) and size.
 */
import type { Action, HandoffMessage } from './actions.js';

/** The limits the schemas in `actions.ts` declare, repeated here for the fast path. */
interface Limits {
  readonly maxString: number;
}

/**
 * The action `value` as `ActionSchema` would parse it, when it is a well-formed action with no
 * field the schema would drop or reject; null otherwise (the caller falls back to the schema).
 */
export function fastParseAction(value: Record<string, unknown>, limits: Limits): Action | null {
  switch (value['type']) {
    case 'tool':
      return toolAction(value);
    case 'handoff':
      return handoffAction(value, limits);
    case 'ask':
      return onlyKeys(value, ASK_KEYS) && isString(value['question'], 1, limits.maxString)
        ? { type: 'ask', question: value['question'] }
        : null;
    case 'wait': {
      const ticks = value['ticks'];
      return onlyKeys(value, WAIT_KEYS) &&
        Number.isInteger(ticks) &&
        (ticks as number) >= 1 &&
        (ticks as number) <= 1000
        ? { type: 'wait', ticks: ticks as number }
        : null;
    }
    case 'finish':
      return finishAction(value, limits);
    default:
      return null;
  }
}

const TOOL_KEYS = new Set(['type', 'tool', 'args']);
const HANDOFF_KEYS = new Set(['type', 'to', 'message']);
const ASK_KEYS = new Set(['type', 'question']);
const WAIT_KEYS = new Set(['type', 'ticks']);
const FINISH_KEYS = new Set(['type', 'answer', 'status']);

function toolAction(value: Record<string, unknown>): Action | null {
  if (!onlyKeys(value, TOOL_KEYS) || !isString(value['tool'], 1, 64)) return null;
  const args = value['args'];
  if (args === undefined) return { type: 'tool', tool: value['tool'], args: {} };
  if (!isPlainObject(args)) return null;
  return { type: 'tool', tool: value['tool'], args: { ...args } };
}

function handoffAction(value: Record<string, unknown>, limits: Limits): Action | null {
  if (!onlyKeys(value, HANDOFF_KEYS) || !isString(value['to'], 1, 64)) return null;
  const message = handoffMessage(value['message'], limits);
  return message === null ? null : { type: 'handoff', to: value['to'], message };
}

/** A string, or an object whose `text` and `facts` (if present) are well-formed; other fields pass. */
function handoffMessage(message: unknown, limits: Limits): HandoffMessage | null {
  if (typeof message === 'string') return message.length <= limits.maxString ? message : null;
  if (!isPlainObject(message)) return null;
  const { text, facts } = message;
  if (text !== undefined && !isString(text, 0, limits.maxString)) return null;
  if (facts !== undefined) {
    if (!isPlainObject(facts)) return null;
    for (const key of Object.keys(facts)) if (!isString(facts[key], 0, limits.maxString)) return null;
  }
  // The schema's own fields first, then the others in their order (as the schema's catch-all does).
  const out: Record<string, unknown> = {};
  if (text !== undefined) out['text'] = text;
  if (facts !== undefined) out['facts'] = { ...facts };
  for (const key of Object.keys(message)) if (key !== 'text' && key !== 'facts') out[key] = message[key];
  return out;
}

function finishAction(value: Record<string, unknown>, limits: Limits): Action | null {
  if (!onlyKeys(value, FINISH_KEYS)) return null;
  const { answer, status = 'done' } = value;
  if (answer !== undefined && !isString(answer, 0, limits.maxString)) return null;
  if (status !== 'done' && status !== 'gave_up') return null;
  return answer === undefined ? { type: 'finish', status } : { type: 'finish', answer, status };
}

function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key) || value[key] === undefined) return false;
  return true;
}

function isString(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // Objects without a prototype, or with symbol keys, are left to the schema.
  return Object.getPrototypeOf(value) === Object.prototype && Object.getOwnPropertySymbols(value).length === 0;
}
