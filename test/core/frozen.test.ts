/** Constant-time frozen checks of large maps (src/core/frozen.ts) and their use by the deep freeze and canonical JSON. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { LARGE_OBJECT_KEYS, isFrozen, markFrozenMaps } from '../../src/core/frozen.js';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import { canonicalJson } from '../../src/core/canonical.js';

/** A map of `n` records, as a grown world holds them. */
const records = (n: number): Record<string, { id: string; n: number }> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`cus_${i}`, { id: `cus_${i}`, n: i }]));

afterEach(() => vi.restoreAllMocks());

describe('isFrozen', () => {
  it('answers as Object.isFrozen for any value, frozen or not, deep-frozen or marked', () => {
    fc.assert(
      fc.property(fc.object({ maxKeys: 80 }), fc.boolean(), fc.boolean(), (value, freeze, mark) => {
        if (freeze) deepFreeze(value);
        if (mark) markFrozenMaps(value);
        expect(isFrozen(value)).toBe(Object.isFrozen(value));
      }),
      { numRuns: 200 },
    );
  });

  it('never calls a large map frozen that is not: a copy of a marked map, or one marked before it was frozen', () => {
    const big = records(LARGE_OBJECT_KEYS * 2);
    markFrozenMaps({ big });
    expect(isFrozen(big)).toBe(false);
    deepFreeze(big);
    const copy = { ...big };
    expect(isFrozen(copy)).toBe(false);
    expect(isFrozen(big)).toBe(true);
  });
});

describe('a state beside a large frozen map', () => {
  it('is deep-frozen and written as canonical JSON without asking Object.isFrozen about the map', () => {
    for (const [name, prepare] of [
      ['frozen by the deep freeze', (m: object) => deepFreeze(m)],
      ['frozen elsewhere, then marked', (m: object) => markFrozenMaps(Object.freeze(deepFreeze(m)))],
    ] as const) {
      const big = records(10_000);
      prepare(big);
      canonicalJson(big); // written once, as every step's digest does
      const spy = vi.spyOn(Object, 'isFrozen');
      const state = deepFreeze({ customers: big, crm: { 'C-1': { owner: 'ops' } } });
      const json = canonicalJson(state);
      const askedAboutBig = spy.mock.calls.some(([v]) => v === big);
      spy.mockRestore();
      expect(askedAboutBig, name).toBe(false);
      expect(Object.isFrozen(state.crm['C-1'])).toBe(true);
      expect(json.startsWith('{"crm":{"C-1":{"owner":"ops"}},"customers":{"cus_0":')).toBe(true);
    }
  });

  it('a small object is still asked about (not remembered), and a large one the deep freeze made is remembered', () => {
    const small = deepFreeze({ a: 1 });
    const spy = vi.spyOn(Object, 'isFrozen');
    expect(isFrozen(small)).toBe(true);
    expect(spy).toHaveBeenCalledWith(small);
    const big = deepFreeze(records(LARGE_OBJECT_KEYS));
    spy.mockClear();
    expect(isFrozen(big)).toBe(true);
    expect(spy).not.toHaveBeenCalledWith(big);
  });
});
