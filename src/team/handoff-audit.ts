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
  return joinedLines(parts);
}

/**
 * The long texts {@link joinedLines} made last, by length, oldest first. A role reads the same
 * page or file again, and a run's trials re-read their task's: the result is a new object, but its
 * long strings are the world's own, so its parts are found again here, compared by identity first,
 * and the text made before is answered. Joining copied the whole page every time, and the copy
 * was a new text for the fact matcher to find among those it has read (about 7% of a step of
 * mock-web/research-report-v1).
 */
const joinedTexts = new Map<number, { readonly parts: readonly string[]; readonly text: string }>();
/** Shorter texts are joined again: the copy costs less than the lookup. */
const MIN_JOINED_CHARS = 512;
/** Longer texts are not kept, so that the texts kept stay within 64 × 64 K characters (and their parts). */
const MAX_JOINED_CHARS = 65_536;
/** Texts {@link joinedTexts} keeps (at most one per length). */
const KEEP_JOINED = 64;

/** `parts.join('\n')`, the same text as before for the same parts when it is long. */
function joinedLines(parts: readonly string[]): string {
  let length = parts.length - 1;
  for (const part of parts) length += part.length;
  if (length < MIN_JOINED_CHARS || length > MAX_JOINED_CHARS) return parts.join('\n');
  const known = joinedTexts.get(length);
  if (known !== undefined && sameParts(known.parts, parts)) return known.text;
  const text = parts.join('\n');
  joinedTexts.delete(length);
  if (joinedTexts.size >= KEEP_JOINED) joinedTexts.delete(joinedTexts.keys().next().value as number);
  joinedTexts.set(length, { parts, text });
  return text;
}

/** Whether two lists of strings are equal, part by part (the same string objects compare at once). */
function sameParts(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
