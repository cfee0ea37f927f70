/**
 * Canonical JSON: sorted keys, no `undefined`, finite numbers only. Equality of observations,
 * events and results is defined on this form, and trajectory digests hash it.
 */
import { hash } from 'node:crypto';

/** Serializes `value` with object keys sorted at every level. Non-finite numbers become null. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)));
  // A plain object (not a null-prototype one) keeps JSON.stringify on its fast path: copies of
  // objects of one shape share a hidden class. It enumerates keys exactly as a null-prototype
  // object does (array indices first, then insertion order).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = normalize((value as Record<string, unknown>)[key]);
    if (v === undefined) continue;
    // Defined, not assigned: a "__proto__" key stays data instead of calling the prototype setter.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
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
