/**
 * Whether an object is frozen, in constant time also for a large map. `Object.isFrozen` answers at
 * once for an ordinary object or an array, but walks every property of an object V8 keeps in
 * dictionary mode — a map of thousands of records: 64 µs at 10,000 keys on Node 20, against
 * 0.03 µs for a small one. A step's new state sits beside the same large frozen maps step after
 * step (a world grown to 10,000 records), and both the deep freeze of a new state and canonical
 * JSON ask about each of them.
 *
 * So the large objects are remembered when they are frozen (by the deep freeze of a new value,
 * through {@link rememberFrozen}; in a grown generated task, through {@link markFrozenMaps}), and
 * asked about by identity. Small objects are not remembered: a WeakSet entry for every object of
 * every step costs more than the checks it saves.
 */

/** Keys from which a frozen object is remembered (dictionary mode starts around here or later). */
export const LARGE_OBJECT_KEYS = 64;

/** Large objects known to be frozen (being frozen is for good). */
const frozenMaps = new WeakSet<object>();

/** `Object.isFrozen(value)`, answered by identity for a large object marked frozen. */
export function isFrozen(value: object): boolean {
  return frozenMaps.has(value) || Object.isFrozen(value);
}

/** Remembers `value`, frozen, as frozen; its caller knows it has `keys` own keys. */
export function rememberFrozen(value: object, keys: number): void {
  if (keys >= LARGE_OBJECT_KEYS) frozenMaps.add(value);
}

/**
 * Marks every large plain object reachable from `value` (which must be deep-frozen) as frozen, so
 * that asking about one later costs nothing: once per generated task, whose grown maps every
 * state of every episode of its seed shares.
 */
export function markFrozenMaps(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) markFrozenMaps(item);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return;
  const keys = Object.keys(value);
  if (keys.length >= LARGE_OBJECT_KEYS && Object.isFrozen(value)) frozenMaps.add(value);
  for (const key of keys) markFrozenMaps((value as Record<string, unknown>)[key]);
}
