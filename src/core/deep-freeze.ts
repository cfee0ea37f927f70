/**
 * Deep freezing of plain JSON-like values, stopping at anything already frozen. States are
 * structurally shared and every shared part is frozen, so freezing a new state costs only its new
 * objects, not the size of the world.
 */
import { isFrozen, rememberFrozen } from './frozen.js';

/**
 * Freezes `value` and every plain object and array reachable from it that is not frozen yet, and
 * returns it. Primitives, frozen objects and other objects (class instances, typed arrays, which
 * `Object.freeze` may refuse) are returned as they are; the walk does not enter a frozen object,
 * whose parts were frozen with it.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || isFrozen(value)) return value;
  if (Array.isArray(value)) {
    Object.freeze(value);
    for (let i = 0; i < value.length; i++) freezeMember(value[i]);
    return value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  // The values a state can hold are plain JSON, so its own enumerable keys are all for-in sees
  // (its prototype is Object.prototype or null): no array of keys per object, which was a sixth
  // of the walk.
  let keys = 0;
  for (const key in value) {
    keys++;
    freezeMember((value as Record<string, unknown>)[key]);
  }
  rememberFrozen(value, keys);
  return value;
}

/** {@link deepFreeze} of a member, without the call for a primitive (most members are). */
function freezeMember(member: unknown): void {
  if (member !== null && typeof member === 'object') deepFreeze(member);
}
