/**
 * The canonical JSON of a chat request, built from parts cached per object. A conversation grows
 * by a message or two per call and its messages and tool list are immutable objects reused from
 * call to call, so only the new ones are serialised: the text is exactly `canonicalJson(request)`
 * (request keys, and so recorded cassettes, do not change) at a fraction of the cost.
 */
import { canonicalJson } from '../../core/canonical.js';
import type { ChatRequest } from '../types.js';

/** Canonical JSON of the immutable objects seen so far (a message, a tool list, a tool). */
const cache = new WeakMap<object, string>();

/** Array fields whose elements (and the array itself) are reused objects worth caching. */
const CACHED_ARRAYS = new Set(['messages', 'tools']);

function cachedCanonical(value: object): string | undefined {
  let text = cache.get(value);
  if (text === undefined) {
    text = canonicalJson(value);
    if (text !== undefined) cache.set(value, text);
  }
  return text;
}

/** `canonicalJson` of an array whose object elements are cached one by one. */
function canonicalArray(items: readonly unknown[]): string {
  const parts = items.map((item) =>
    item !== null && typeof item === 'object' ? (cachedCanonical(item) ?? 'null') : (canonicalJson(item) ?? 'null'),
  );
  return `[${parts.join(',')}]`;
}

/**
 * `canonicalJson(request)`, reusing the canonical JSON of messages and tools already serialised.
 * Relies on what `ChatRequest` promises: its messages and tools are never mutated once made.
 */
export function canonicalRequest(request: ChatRequest): string {
  const fields = request as unknown as Readonly<Record<string, unknown>>;
  // The key order canonicalJson gives: sorted, then as a null-prototype object lists them.
  const order = Object.create(null) as Record<string, true>;
  for (const key of Object.keys(fields).sort()) order[key] = true;
  const parts: string[] = [];
  for (const key of Object.keys(order)) {
    const value = fields[key];
    const text =
      CACHED_ARRAYS.has(key) && Array.isArray(value)
        ? Object.isFrozen(value)
          ? (cache.get(value) ?? cacheArray(value))
          : canonicalArray(value)
        : (canonicalJson(value) as string | undefined);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** A frozen array (the role's tool list) is cached whole. */
function cacheArray(value: readonly unknown[]): string {
  const text = canonicalArray(value);
  cache.set(value, text);
  return text;
}
