import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/core/deep-freeze.js';

describe('deepFreeze', () => {
  it('freezes every plain object and array reachable from the value', () => {
    const value = { a: [{ b: 1 }, [2, { c: 'x' }]], d: { e: null } };
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen((value.a[1] as unknown[])[1])).toBe(true);
    expect(Object.isFrozen(value.d)).toBe(true);
    expect(() => {
      (value.d as { e: unknown }).e = 1;
    }).toThrow(TypeError);
  });

  it('does not enter an object that is already frozen (shared parts of a state were frozen with it)', () => {
    const inner = { x: 1 };
    const shared = Object.freeze({ inner });
    deepFreeze({ shared });
    expect(Object.isFrozen(inner)).toBe(false);
  });

  it('leaves primitives, class instances and typed arrays alone', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
    const bytes = new Uint8Array([1, 2]);
    const date = new Date(0);
    const value = deepFreeze({ bytes, date });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(bytes)).toBe(false);
    expect(Object.isFrozen(date)).toBe(false);
  });

  it('freezes objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['k'] = { v: 1 };
    deepFreeze(bare);
    expect(Object.isFrozen(bare)).toBe(true);
    expect(Object.isFrozen(bare['k'])).toBe(true);
  });
});
