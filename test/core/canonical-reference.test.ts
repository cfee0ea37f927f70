/**
 * Canonical JSON against the definition the golden digests were made from: JSON.stringify over a
 * key-sorted copy built on null-prototype objects. The faster copy (plain objects) must give the
 * same bytes for every value, "__proto__" and array-index keys included.
 */
import { expect, it } from 'vitest';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import { fc, test } from '@fast-check/vitest';
import { canonicalJson } from '../../src/core/canonical.js';

function reference(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : reference(v)));
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    const v = reference((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const anything = fc.anything({
  withBigInt: true,
  withNullPrototype: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
  key: fc.oneof(
    fc.string(),
    fc.constantFrom('0', '1', '10', '2', '01', '4294967294', '4294967295', '-1', '__proto__', 'toJSON'),
  ),
});

test.prop([anything], { numRuns: 300 })('canonicalJson gives the reference bytes for any value', (value) => {
  expect(canonicalJson(value)).toBe(JSON.stringify(reference(value)));
});

test.prop([anything], { numRuns: 300 })(
  'canonicalJson of a deep-frozen value gives the reference bytes, also the second time (normalized once, kept)',
  (value) => {
    deepFreeze(value);
    expect(canonicalJson(value)).toBe(JSON.stringify(reference(value)));
    expect(canonicalJson({ again: value })).toBe(JSON.stringify(reference({ again: value })));
  },
);

it('a frozen object with a mutable part is read afresh every time', () => {
  const inner = { n: 1 };
  const outer = Object.freeze({ inner });
  expect(canonicalJson(outer)).toBe('{"inner":{"n":1}}');
  inner.n = 2;
  expect(canonicalJson(outer)).toBe('{"inner":{"n":2}}');
});

/** Any UTF-16 code unit: quotes, backslashes, control characters, lone and paired surrogates. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Strings mostly of plain characters with a few of any other, on both sides of the length written by hand (128). */
const anyString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 300 }),
  fc.string({
    unit: fc.oneof({ weight: 20, arbitrary: fc.constantFrom('a', 'Z', ' ', '9') }, { weight: 1, arbitrary: codeUnit }),
    minLength: 100,
    maxLength: 160,
  }),
);

test.prop([anyString, anyString], { numRuns: 500 })(
  'strings and keys are quoted exactly as JSON.stringify quotes them',
  (text, key) => {
    expect(canonicalJson(text)).toBe(JSON.stringify(text));
    expect(canonicalJson({ [key]: text, z: [text] })).toBe(JSON.stringify(reference({ [key]: text, z: [text] })));
  },
);
