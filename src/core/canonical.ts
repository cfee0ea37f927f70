/**
 * Canonical JSON: sorted keys, no `undefined`, finite numbers only. Equality of observations,
 * events and results is defined on this form, and trajectory digests hash it.
 */
import { hash } from 'node:crypto';

/** Serializes `value` with object keys sorted at every level. Non-finite numbers become null. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

/**
 * Normalized copies of deep-frozen objects, by object. Trajectories digest each step's
 * observation, whose inbox and results are the same frozen objects step after step: their copies
 * are made once. Only a value frozen all the way down is kept (it can never change); a frozen
 * object with a mutable part inside is normalized afresh every time.
 */
const normalizedFrozen = new WeakMap<object, unknown>();
/** Whether the value the last {@link normalize} call returned for is frozen all the way down. */
let lastDeepFrozen = true;

function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    lastDeepFrozen = true;
    if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const known = normalizedFrozen.get(value);
    if (known !== undefined) {
      lastDeepFrozen = true;
      return known;
    }
  }
  let deep = frozen;
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => {
      if (v === undefined) return null;
      const n = normalize(v);
      deep &&= lastDeepFrozen;
      return n;
    });
  } else {
    // A plain object (not a null-prototype one) keeps JSON.stringify on its fast path: copies of
    // objects of one shape share a hidden class. It enumerates keys exactly as a null-prototype
    // object does (array indices first, then insertion order).
    const copy: Record<string, unknown> = {};
    for (const key of sortedKeys(Object.keys(value))) {
      const v = normalize((value as Record<string, unknown>)[key]);
      deep &&= lastDeepFrozen;
      if (v === undefined) continue;
      // Defined, not assigned: a "__proto__" key stays data instead of calling the prototype setter.
      if (key === '__proto__')
        Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
      else copy[key] = v;
    }
    out = copy;
  }
  // Holes of a sparse array were skipped by map; such an array is not kept (rare, and cheap).
  if (deep && !(Array.isArray(value) && Object.keys(value).length !== value.length)) normalizedFrozen.set(value, out);
  lastDeepFrozen = deep;
  return out;
}

/**
 * Sorts keys in place in code-unit order, as Array#sort with no comparator does. A small array is
 * sorted by insertion, without the work array Array#sort allocates: an object's few keys are
 * sorted for every object of every step digested.
 */
function sortedKeys(keys: string[]): string[] {
  const n = keys.length;
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

/** A short hex SHA-256 digest of the canonical JSON of `value` (16 hex chars = 64 bits). */
export function digest(value: unknown): string {
  // One-shot hashing: no Hash object per digest (a digest or two are taken every step).
  return hash('sha256', canonicalJson(value), 'hex').slice(0, 16);
}

/** Extends a running hash chain with one more record. */
export function chainDigest(previous: string, value: unknown): string {
  // The concatenation is the same bytes as updating with each in turn.
  return hash('sha256', previous + canonicalJson(value), 'hex').slice(0, 16);
}
