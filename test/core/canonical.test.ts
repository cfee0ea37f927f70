import { describe, expect, it, vi } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { canonicalJson, canonicalJsonOnce, chainDigest, digest } from '../../src/core/canonical.js';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import { parseJson } from '../support/json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"z":1}]},"b":1}',
    );
  });

  it('normalizes numbers: NaN and infinities become null, -0 becomes 0', () => {
    expect(canonicalJson([Number.NaN, Infinity, -Infinity, -0, 1.5])).toBe('[null,null,null,0,1.5]');
  });

  it('turns undefined in arrays into null and drops functions and symbols', () => {
    expect(canonicalJson([undefined, () => 1])).toBe('[null,null]');
    expect(canonicalJson({ f: () => 1, s: Symbol('x'), n: 10n })).toBe('{"n":"10"}');
  });

  it('keeps "__proto__" keys as data, so different values never collide', () => {
    const a = parseJson('{"__proto__":{"x":1},"k":1}');
    const b = parseJson('{"__proto__":{"x":2},"k":1}');
    expect(canonicalJson(a)).toBe('{"__proto__":{"x":1},"k":1}');
    expect(canonicalJson(a)).not.toBe(canonicalJson(b));
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  test.prop([fc.jsonValue()])('is stable under a JSON round trip and key reordering', (value) => {
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  test.prop([fc.dictionary(fc.string(), fc.integer())])('does not depend on insertion order', (dict) => {
    const reversed = Object.fromEntries(Object.entries(dict).reverse());
    expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
  });
});

describe('canonicalJsonOnce', () => {
  test.prop([fc.jsonValue(), fc.boolean()], { numRuns: 200 })(
    'writes the bytes canonicalJson writes',
    (value, frozen) => {
      const v = frozen ? deepFreeze(structuredClone(value)) : value;
      expect(canonicalJsonOnce(v)).toBe(canonicalJson(structuredClone(value)));
      expect(canonicalJsonOnce(v)).toBe(canonicalJson(v));
    },
  );

  it('remembers nothing it writes, and still uses what canonicalJson remembered', () => {
    const set = vi.spyOn(WeakMap.prototype, 'set');
    /** The memo writes about parts of `value` (the test runner keeps WeakMaps of its own). */
    const memoWritesOf = (value: object) => {
      const parts = new Set<unknown>();
      const walk = (v: unknown): void => {
        if (v === null || typeof v !== 'object') return;
        parts.add(v);
        for (const x of Object.values(v)) walk(x);
      };
      walk(value);
      return set.mock.calls.filter(([key]) => parts.has(key)).length;
    };
    try {
      const fresh = deepFreeze({ result: { items: [{ id: 'a' }, { id: 'b' }] }, ok: true });
      const json = canonicalJsonOnce(fresh);
      expect(memoWritesOf(fresh)).toBe(0);
      // The same object through canonicalJson is remembered (so the spy sees memo writes)…
      expect(canonicalJson(fresh)).toBe(json);
      expect(memoWritesOf(fresh)).toBeGreaterThan(0);
      set.mockClear();
      // …and a value holding it is written from the memo, adding nothing.
      const holder = deepFreeze({ again: fresh });
      expect(canonicalJsonOnce(holder)).toBe(`{"again":${json}}`);
      expect(memoWritesOf(holder)).toBe(0);
    } finally {
      set.mockRestore();
    }
  });
});

describe('digests', () => {
  it('are short, stable hex strings (golden)', () => {
    expect(digest({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
    expect(digest({ b: 2, a: 1 })).toBe(digest({ a: 1, b: 2 }));
    expect(digest({ a: 1 })).toBe('015abd7f5cc57a2d');
  });

  it('chain: the order and every record matter', () => {
    const ab = chainDigest(chainDigest('start', 'a'), 'b');
    expect(ab).toBe(chainDigest(chainDigest('start', 'a'), 'b'));
    expect(ab).not.toBe(chainDigest(chainDigest('start', 'b'), 'a'));
    expect(ab).not.toBe(chainDigest(chainDigest('start', 'a'), 'c'));
  });
});
