/**
 * Actions are data. A role acts by calling a tool, handing off to another role, asking the
 * simulated user, waiting (virtual time) or finishing. Anything else — invalid JSON, unknown
 * types, huge strings, prototype-polluting keys — is rejected with an error that says what was
 * wrong and what is allowed; the env turns it into an error observation.
 */
import { quoted } from '../core/canonical.js';
import * as z from 'zod';
import { MAX_ACTION_BYTES, OversizedActionSchema, oversizedMessage } from './action-size.js';
import { fastParseAction } from './action-fast-path.js';

/** Most characters a single string in an action may hold. */
export const MAX_STRING = 20_000;
/** Most UTF-8 bytes the whole action may hold, as JSON (see `action-size.ts`). */
export const MAX_ACTION_JSON: number = MAX_ACTION_BYTES;
/** Deepest nesting accepted in an action. */
export const MAX_DEPTH = 12;

/** A structured handoff message. Free text goes in `text`; facts may also be given by id. */
export const HandoffMessageSchema = z.union([
  z.string().max(MAX_STRING),
  z
    .object({
      text: z.string().max(MAX_STRING).optional(),
      facts: z.record(z.string(), z.string().max(MAX_STRING)).optional(),
    })
    .catchall(z.unknown()),
]);

/** A message passed with a handoff. */
export type HandoffMessage = z.infer<typeof HandoffMessageSchema>;

/** Call one of the acting role's tools. */
export const ToolActionSchema = z.object({
  type: z.literal('tool'),
  tool: z.string().min(1).max(64),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** Pass control, and a message, to another role. */
export const HandoffActionSchema = z.object({
  type: z.literal('handoff'),
  to: z.string().min(1).max(64),
  message: HandoffMessageSchema,
});

/** Ask the simulated user a question; the answer is deterministic. */
export const AskActionSchema = z.object({
  type: z.literal('ask'),
  question: z.string().min(1).max(MAX_STRING),
});

/** Let virtual time pass (e.g. after a rate limit). */
export const WaitActionSchema = z.object({
  type: z.literal('wait'),
  ticks: z.number().int().min(1).max(1000),
});

/** End the episode. `gave_up` says the team stops without claiming success. */
export const FinishActionSchema = z.object({
  type: z.literal('finish'),
  answer: z.string().max(MAX_STRING).optional(),
  status: z.enum(['done', 'gave_up']).default('done'),
});

/** Every action a role can take. */
export const ActionSchema = z.discriminatedUnion('type', [
  ToolActionSchema,
  HandoffActionSchema,
  AskActionSchema,
  WaitActionSchema,
  FinishActionSchema,
]);

/** An action, after validation. */
export type Action = z.infer<typeof ActionSchema>;
/** An action as an agent may write it (defaults not yet applied). */
export type ActionInput = z.input<typeof ActionSchema>;

/** Why an action was rejected. */
export interface ActionProblem {
  readonly code: 'invalid_action';
  readonly message: string;
}

const FAST_PATH_LIMITS = { maxString: MAX_STRING };
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A structural problem found by {@link inspect}: where (path segments, innermost first) and what. */
interface StructuralProblem {
  readonly segments: string[];
  readonly what: string;
}

/** Most bytes one UTF-16 unit of a string takes in UTF-8 JSON (`\u001f`: six). */
const JSON_BYTES_PER_UNIT = 6;
/** Most characters `JSON.stringify` writes for a finite number (`-1.7976931348623157e+308` is 24). */
const JSON_NUMBER_BYTES = 32;

/**
 * Walks a raw action once: finds the first structural problem (forbidden key, depth, non-JSON
 * value) and adds to `bound.bytes` an upper bound of its size as UTF-8 JSON, so the exact size
 * needs computing only for actions that might be near the cap. Paths are built only for a
 * problem, on the way back up.
 */
function inspect(value: unknown, depth: number, bound: { bytes: number }): StructuralProblem | null {
  if (depth > MAX_DEPTH) return { segments: [], what: `is nested deeper than ${MAX_DEPTH} levels` };
  if (value === null || typeof value === 'boolean') {
    bound.bytes += 5;
    return null;
  }
  if (typeof value === 'string') {
    bound.bytes += JSON_BYTES_PER_UNIT * value.length + 2;
    return null;
  }
  if (typeof value === 'number') {
    bound.bytes += JSON_NUMBER_BYTES;
    return Number.isFinite(value) ? null : { segments: [], what: `is ${value}, which is not a finite number` };
  }
  if (Array.isArray(value)) {
    bound.bytes += 2 + value.length;
    for (let i = 0; i < value.length; i++) {
      const p = inspect(value[i], depth + 1, bound);
      if (p) {
        p.segments.push(`[${i}]`);
        return p;
      }
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return { segments: [], what: 'is not a plain JSON object' };
    bound.bytes += 2;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { segments: [], what: `has the forbidden key "${key}"` };
      bound.bytes += JSON_BYTES_PER_UNIT * key.length + 4;
      const p = inspect((value as Record<string, unknown>)[key], depth + 1, bound);
      if (p) {
        p.segments.push(`.${key}`);
        return p;
      }
    }
    return null;
  }
  return { segments: [], what: `is ${value === undefined ? 'undefined' : `a ${typeof value}`}, which is not JSON` };
}

/**
 * Validates a raw action from an agent. Strings are parsed as JSON first (LLM output).
 * Returns the action, or a problem with a message naming the field, the value and the fix.
 */
export function parseAction(raw: unknown): { ok: true; action: Action } | { ok: false; problem: ActionProblem } {
  try {
    return parseActionUnsafe(raw);
  } catch (e) {
    // Hostile values (throwing getters, revoked proxies) must still become an error observation.
    return fail(
      `the action could not be read as JSON (${e instanceof Error ? e.message : 'it threw while being inspected'}). Send a plain JSON object`,
    );
  }
}

function parseActionUnsafe(raw: unknown): { ok: true; action: Action } | { ok: false; problem: ActionProblem } {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return fail(
        `the action is a string that is not valid JSON (${preview(raw)}). Send an object like {"type":"tool","tool":"read_file","args":{"path":"README.md"}}`,
      );
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      `the action must be an object with a "type" of tool, handoff, ask, wait or finish; got ${preview(value)}`,
    );
  }
  // The stand-in the episode loop steps for an action over its size cap (never read in full). An
  // agent that sends one itself gets the same error: it is no action either way.
  if ((value as { oversized?: unknown }).oversized === true) {
    const oversized = OversizedActionSchema.safeParse(value);
    if (oversized.success) return fail(oversizedMessage(oversized.data));
  }
  const bound = { bytes: 0 };
  const structural = inspect(value, 0, bound);
  if (structural)
    return fail(
      `action${structural.segments.reverse().join('')} ${structural.what}. Actions must be plain JSON without __proto__/constructor/prototype keys`,
    );
  // The exact size only matters near the cap; the bound is well above it for any real action.
  if (bound.bytes > MAX_ACTION_JSON) {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(value), 'utf8');
    } catch {
      return fail('the action cannot be serialized to JSON');
    }
    if (size > MAX_ACTION_JSON)
      return fail(
        `the action is ${size} bytes of JSON; the limit is ${MAX_ACTION_JSON} bytes. Send smaller actions: split large content over several tool calls or handoffs`,
      );
  }
  const fast = fastParseAction(value as Record<string, unknown>, FAST_PATH_LIMITS);
  if (fast) return { ok: true, action: fast };
  const parsed = ActionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `action.${issue.path.map(String).join('.')}` : 'action';
    const type = (value as { type?: unknown }).type;
    const hint =
      issue?.code === 'invalid_union'
        ? ` "type" must be one of tool, handoff, ask, wait, finish (got ${preview(type)})`
        : '';
    return fail(`${where}: ${issue?.message ?? 'invalid'}.${hint}`);
  }
  return { ok: true, action: parsed.data };
}

function fail(message: string): { ok: false; problem: ActionProblem } {
  return { ok: false, problem: { code: 'invalid_action', message } };
}

function preview(value: unknown): string {
  let s: string;
  try {
    s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    try {
      s = String(value);
    } catch {
      s = Object.prototype.toString.call(value);
    }
  }
  return s.length > 80 ? `${JSON.stringify(s.slice(0, 80))}…` : JSON.stringify(s);
}

/** A short, single-line description of an action, for tables and text renderings. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case 'tool':
      return `${action.tool}(${truncate(argsJson(action.args, 60), 60)})`;
    case 'handoff':
      return `handoff → ${action.to}`;
    case 'ask':
      return `ask "${truncate(action.question, 40)}"`;
    case 'wait':
      return `wait ${action.ticks}`;
    case 'finish':
      return `finish (${action.status})`;
  }
}

/** Longest string {@link shortStrings} keeps whole: more than the 60 characters a description shows. */
const SHORT_STRING = 64;

/**
 * A `JSON.stringify` replacer that cuts long strings to their first {@link SHORT_STRING} code
 * units. A description shows the first 60 characters of the arguments' JSON, and escaping maps each
 * character to one or more, so those 60 are the same as the whole JSON's; the rest (a file's whole
 * content, written every step) is never serialized.
 */
function shortStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > SHORT_STRING ? value.slice(0, SHORT_STRING) : value;
}

/**
 * The arguments' JSON, long strings cut (see {@link shortStrings}), or as much of it as makes it
 * longer than `enough` characters: the description cuts it there, so what follows cannot change
 * it. Most calls have a few flat fields — strings, numbers, booleans — whose JSON is written here,
 * as `JSON.stringify` would write it, in a third of its time (a long string, such as a written
 * file's content, cut first as the replacer cuts it: a replacer function was the slow path of
 * every write); anything nested goes to `JSON.stringify` with the replacer.
 */
function argsJson(args: Record<string, unknown>, enough: number): string {
  let json = '';
  for (const key in args) {
    const value = args[key];
    let written: string;
    if (typeof value === 'string') written = quoted(value.length > SHORT_STRING ? value.slice(0, SHORT_STRING) : value);
    else if (typeof value === 'number') written = Number.isFinite(value) ? String(value) : 'null';
    else if (typeof value === 'boolean' || value === null) written = String(value);
    // Left out of an object's JSON, as JSON.stringify leaves them out.
    else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    // Nested values, and bigints (which JSON.stringify refuses, as before).
    else return JSON.stringify(args, shortStrings);
    json += `${json === '' ? '{' : ','}${quoted(key)}:${written}`;
    if (json.length > enough) return json;
  }
  return json === '' ? '{}' : `${json}}`;
}

/** Cuts a string to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
