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
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    return value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  // Own enumerable string keys: the values a state can hold are plain JSON.
  const keys = Object.keys(value);
  rememberFrozen(value, keys.length);
  for (const key of keys) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
