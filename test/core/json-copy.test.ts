/**
 * The walked copy of plain JSON data is the value the round trip through its text gives, with a
 * bound on that text's UTF-8 length that holds; for anything else it answers null, never a
 * different value.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { plainJsonCopy } from '../../src/core/json-copy.js';
import { anyValue } from '../support/arbitraries.js';

/** `JSON.parse(JSON.stringify(value))`, or the error it threw. */
function roundTrip(value: unknown): { value: unknown } | { error: unknown } {
  try {
    const text = JSON.stringify(value);
    return { value: text === undefined ? undefined : (JSON.parse(text) as unknown) };
  } catch (error) {
    return { error };
  }
}

describe('plainJsonCopy', () => {
  test.prop([fc.jsonValue()])('copies plain JSON data as the text round trip does, key order included', (value) => {
    const copy = plainJsonCopy(value);
    // An own "__proto__" key (JSON.parse makes one) is the one piece of plain JSON left to the text.
    if (copy === null) return void expect(JSON.stringify(value)).toContain('"__proto__":');
    const expected = roundTrip(value);
    expect(copy?.value).toEqual('value' in expected ? expected.value : undefined);
    expect(JSON.stringify(copy?.value)).toBe(JSON.stringify(value));
    expect(copy?.maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value), 'utf8'));
  });

  test.prop([anyValue])('answers null, or the value of the text round trip, for anything', (value) => {
    const copy = plainJsonCopy(value);
    if (copy === null) return;
    const expected = roundTrip(value);
    expect('value' in expected).toBe(true);
    if ('value' in expected) expect(copy.value).toEqual(expected.value);
    expect(JSON.stringify(copy.value)).toBe(JSON.stringify(value));
  });

  it('writes -0 as 0, like JSON', () => {
    expect(Object.is(plainJsonCopy(-0)?.value, 0)).toBe(true);
    expect(Object.is((plainJsonCopy({ n: -0 })?.value as { n: number }).n, 0)).toBe(true);
  });

  it('leaves to the text round trip what it would change or reject', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = [deep];
    const own = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    for (const value of [
      cycle,
      deep,
      own,
      { at: new Date(0) },
      { toJSON: () => 'x' },
      Object.assign([1], { toJSON: () => 'x' }),
      { a: undefined },
      [1, undefined],
      [NaN],
      { n: Infinity },
      Object.create(null) as object,
      new Map(),
      10n,
      () => 1,
      Symbol('s'),
      undefined,
    ])
      expect(plainJsonCopy(value)).toBeNull();
  });

  it('gives a copy: changing the value afterwards does not change it', () => {
    const action = { type: 'tool', tool: 'write_file', args: { path: 'a.ts', lines: ['x'] } };
    const copy = plainJsonCopy(action)?.value as typeof action;
    action.args.path = 'b.ts';
    action.args.lines.push('y');
    expect(copy).toEqual({ type: 'tool', tool: 'write_file', args: { path: 'a.ts', lines: ['x'] } });
  });

  it('bounds the text of control characters, written as six-character escapes', () => {
    const text = '\u0001'.repeat(100);
    expect(JSON.stringify(text).length).toBe(602);
    expect(plainJsonCopy(text)?.maxBytes).toBeGreaterThanOrEqual(602);
  });
});
