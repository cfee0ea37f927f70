/**
 * The handoff audit: which facts a handoff carried, matched by canonical value so free-text
 * messages from LLMs are audited exactly like structured ones.
 */
import { mentionsFact } from '../facts/index.js';
import type { HandoffMessage } from './actions.js';
import type { Fact } from './world.js';

/** What one handoff carried, against what the receiving role still needed. */
export interface HandoffAudit {
  readonly from: string;
  readonly to: string;
  /** Facts the receiver needs for its part and did not know yet. */
  readonly required: readonly string[];
  /** Facts whose canonical value appears in the message. */
  readonly carried: readonly string[];
  /** Required facts the message did not carry. */
  readonly missing: readonly string[];
  /**
   * Facts that reached the receiver. Equal to `carried` unless a perturbation changed the
   * message in transit; context loss is charged to the sender only for what it did not send.
   */
  readonly delivered?: readonly string[];
}

/**
 * The whitespace {@link normalizeText} rewrites: every run of it but a single space, which is left
 * as it is. The same text as replacing every run (`/\s+/g`), 2.5 times faster on source code,
 * whose single spaces need no new string.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/** Lower-cases and collapses whitespace (for comparing texts; facts are found with {@link factsInText}). */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}

/** All the text of a message: free text, structured fact values and any other fields. */
export function messageText(message: HandoffMessage): string {
  if (typeof message === 'string') return message;
  const parts: string[] = [];
  collectStrings(message, parts);
  return parts.join('\n');
}

/**
 * All the text of a tool's result, as a reader sees it: its strings as written (a file's lines,
 * not their JSON escapes), numbers and booleans, and the keys of its objects (a map keyed by
 * service or version names), one per line. Its JSON text is not that: a value at the start of a
 * line follows the `n` of the `\n` escape there, so the fact matcher, which wants a value to stand
 * on its own, did not find it.
 */
export function resultText(result: unknown): string {
  if (typeof result === 'string') return result;
  const parts: string[] = [];
  collectStrings(result, parts, true);
  return parts.join('\n');
}

function collectStrings(value: unknown, out: string[], keys = false): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, keys);
  else if (value !== null && typeof value === 'object')
    // Messages and results are plain JSON: for-in sees their own keys, without an array of them.
    for (const k in value) {
      if (keys) out.push(k);
      collectStrings((value as Record<string, unknown>)[k], out, keys);
    }
}

/**
 * Fact ids whose value `text` states, in any form a careful reader accepts ("version 3.5.2" for
 * `v3.5.2`, "149.00 GBP" for `£149`, "thirty-one" for `31`), never a near miss (`3.5.3`, `310`);
 * see `src/facts`.
 */
export function factsInText(facts: readonly Fact[], text: string): string[] {
  return facts.filter((f) => mentionsFact(text, f.value)).map((f) => f.id);
}

/** Audits one handoff. */
export function auditHandoff(
  facts: readonly Fact[],
  from: string,
  to: string,
  message: HandoffMessage,
  receiverNeeds: readonly string[],
  receiverKnows: readonly string[],
): HandoffAudit {
  const carried = factsInText(facts, messageText(message));
  const known = new Set(receiverKnows);
  const required = receiverNeeds.filter((id) => !known.has(id));
  const carriedSet = new Set(carried);
  return { from, to, required, carried, missing: required.filter((id) => !carriedSet.has(id)) };
}
