/**
 * Canonical JSON: sorted keys, no `undefined`, finite numbers only. Equality of observations,
 * events and results is defined on this form, and trajectory digests hash it.
 */
import { hash } from 'node:crypto';
import { isFrozen } from './frozen.js';

/**
 * Serializes `value` with object keys sorted at every level. Non-finite numbers become null.
 * The bytes are exactly `JSON.stringify` of a key-sorted copy (undefined, functions and symbols
 * dropped from objects and written as null in arrays, bigints as strings), written directly
 * instead of through a copy.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

/**
 * {@link canonicalJson} that adds nothing to the memo of frozen objects (it still reads it). For a
 * value that is new and will not be written again: each step's fresh tool result in the step's
 * observation digest. Remembering those cost more than it saved (a recorded episode took about 5%
 * less CPU without: the memo's entries, and the collector's work on them).
 */
export function canonicalJsonOnce(value: unknown): string {
  const keeping = keepNew;
  keepNew = false;
  try {
    return write(value) as string;
  } finally {
    keepNew = keeping;
  }
}

/**
 * The canonical JSON of deep-frozen objects, by object. Trajectories digest each step's
 * observation, whose inbox and results are the same frozen objects step after step: each is
 * serialized once and its text reused. Only a value frozen all the way down is kept (it can never
 * change); a frozen object with a mutable part inside is serialized afresh every time.
 */
const jsonOfFrozen = new WeakMap<object, string>();
/** Whether {@link writeObject} adds what it writes to {@link jsonOfFrozen} (see {@link canonicalJsonOnce}). */
let keepNew = true;
/**
 * Keys as an object's canonical JSON writes them — quoted, with the colon, and with the comma
 * before every key but the first — so writing a member is one concatenation, not four: objects of
 * a state share a small vocabulary of keys.
 */
const keyPrefixes = new Map<string, KeyPrefix>();
/** A key as written first in an object (`"key":`) and after another member (`,"key":`). */
interface KeyPrefix {
  readonly first: string;
  readonly next: string;
}
/** Most keys {@link keyPrefixes} holds (an agent's arguments can hold any key). */
const MAX_KEY_PREFIXES = 4_096;

/** Longest string {@link quoted} scans itself; a longer one is left to `JSON.stringify`. */
const MAX_SCANNED_CHARS = 128;

/**
 * `JSON.stringify(text)`. Most strings of a state are short and need no escape, and on Node 20
 * checking that is several times cheaper than the call (whose escapes are quotes, backslashes,
 * control characters and lone surrogates: a string with any of these, or any surrogate, goes to
 * `JSON.stringify`).
 */
export function quoted(text: string): string {
  const n = text.length;
  if (n > MAX_SCANNED_CHARS) return JSON.stringify(text);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** How `key` is written before its value, remembered for the keys met most. */
function keyPrefix(key: string): KeyPrefix {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    const quoted = JSON.stringify(key);
    prefix = { first: `${quoted}:`, next: `,${quoted}:` };
    if (keyPrefixes.size < MAX_KEY_PREFIXES && key.length <= 64) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/** Whether the value the last {@link write} call serialized is frozen all the way down. */
let lastDeepFrozen = true;

/** The canonical JSON of `value`, or undefined where `JSON.stringify` would leave it out. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      lastDeepFrozen = true;
      return quoted(value);
    case 'number':
      lastDeepFrozen = true;
      // String(-0) is "0", as JSON.stringify writes it.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      lastDeepFrozen = true;
      return value ? 'true' : 'false';
    case 'bigint':
      lastDeepFrozen = true;
      return `"${value.toString()}"`;
    case 'object':
      if (value !== null) return writeObject(value);
      lastDeepFrozen = true;
      return 'null';
    default:
      // undefined, functions and symbols.
      lastDeepFrozen = true;
      return undefined;
  }
}

function writeObject(value: object): string {
  // The memo first: only frozen objects are in it, and asking whether a large map is frozen is
  // slow (see frozen.ts).
  const known = jsonOfFrozen.get(value);
  if (known !== undefined) {
    lastDeepFrozen = true;
    return known;
  }
  const frozen = isFrozen(value);
  let deep = frozen;
  // A sparse array (or one with extra properties) is not kept: rare, and its check is cheap here.
  let keep = true;
  let out: string;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    const n = items.length;
    out = '[';
    for (let i = 0; i < n; i++) {
      if (i > 0) out += ',';
      if (!(i in items)) {
        keep = false;
        out += 'null';
        continue;
      }
      const s = write(items[i]);
      deep &&= lastDeepFrozen;
      out += s ?? 'null';
    }
    out += ']';
    // Counting its keys allocates them: only for an array that would be kept.
    if (keep && deep && keepNew && Object.keys(items).length !== n) keep = false;
  } else {
    out = '{';
    let first = true;
    for (const key of sortedKeys(Object.keys(value))) {
      const s = write((value as Record<string, unknown>)[key]);
      deep &&= lastDeepFrozen;
      if (s === undefined) continue;
      // A "__proto__" key is written as data, like any other.
      const prefix = keyPrefix(key);
      out += (first ? prefix.first : prefix.next) + s;
      first = false;
    }
    out += '}';
  }
  if (deep && keep && keepNew) jsonOfFrozen.set(value, out);
  lastDeepFrozen = deep;
  return out;
}

/**
 * An object's keys in the order `JSON.stringify` writes a key-sorted copy of it: array-index keys
 * first, in numeric order (every object enumerates those first), then the others in code-unit
 * order. A small array is sorted by insertion, without the work array Array#sort allocates: an
 * object's few keys are sorted for every object of every step digested.
 */
function sortedKeys(keys: string[]): string[] {
  const n = keys.length;
  let indices = 0;
  for (let i = 0; i < n; i++) if (isIndexKey(keys[i] as string)) indices++;
  if (indices > 0) {
    const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
    const rest = keys.filter((k) => !isIndexKey(k)).sort();
    return index.concat(rest);
  }
  if (n > 24) return keys.sort();
  for (let i = 1; i < n; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** The largest array index, 2^32 - 2. */
const MAX_INDEX = 4_294_967_294;

/** Whether a key is an array index ("0", "17"; not "01", "-1" or 2^32 - 1), which objects list first. */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  // Most keys start with a letter: one comparison settles them.
  if (!(c >= 48 && c <= 57)) return false;
  if (key === '0') return true;
  if (c === 48 || key.length > 10) return false;
  for (let i = 1; i < key.length; i++) {
    const d = key.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(key) <= MAX_INDEX;
}

/** A short hex SHA-256 digest of the canonical JSON of `value` (16 hex chars = 64 bits). */
export function digest(value: unknown): string {
  return digestOfJson(canonicalJson(value));
}

/** {@link digest} of a value whose canonical JSON is `json` (the caller wrote it). */
export function digestOfJson(json: string): string {
  // One-shot hashing: no Hash object per digest (a digest or two are taken every step).
  return hash('sha256', json, 'hex').slice(0, 16);
}

/** Extends a running hash chain with one more record. */
export function chainDigest(previous: string, value: unknown): string {
  // The concatenation is the same bytes as updating with each in turn.
  return hash('sha256', previous + canonicalJson(value), 'hex').slice(0, 16);
}
