/**
 * A tool call's description shows its arguments' JSON cut at 60 characters. It is built without
 * serializing long strings whole (a written file's content), and must read exactly as the cut of
 * the whole JSON would, for any arguments: escapes, surrogate pairs and keys included.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { describeAction, truncate } from '../../src/team/actions.js';

const whole = (tool: string, args: Record<string, unknown>): string => `${tool}(${truncate(JSON.stringify(args), 60)})`;

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    // Lengths around the cut (60 characters, strings kept whole up to 64) are drawn as often as short ones.
    fc.integer({ min: 0, max: 130 }).chain((n) => fc.string({ unit: 'binary', minLength: n, maxLength: n })),
    fc.integer({ min: 0, max: 130 }).chain((n) => fc.string({ minLength: n, maxLength: n })),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(undefined),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 70 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('describeAction of a tool call', () => {
  it('shows a long content cut as the whole JSON would be', () => {
    const args = { path: 'src/a.ts', content: `export const x = "${'é\\"\n'.repeat(500)}";` };
    expect(describeAction({ type: 'tool', tool: 'write_file', args })).toBe(whole('write_file', args));
    expect(describeAction({ type: 'tool', tool: 'read_file', args: { path: 'a' } })).toBe('read_file({"path":"a"})');
  });

  it('writes flat arguments as JSON.stringify does: non-finite numbers as null, undefined left out', () => {
    const args = { n: Number.NaN, i: -Infinity, z: -0, u: undefined, b: false, x: null, s: 'é"\n' };
    expect(describeAction({ type: 'tool', tool: 't', args })).toBe(
      't({"n":null,"i":null,"z":0,"b":false,"x":null,"s":"é\\"\\n"})',
    );
    expect(describeAction({ type: 'tool', tool: 't', args })).toBe(whole('t', args));
    expect(describeAction({ type: 'tool', tool: 't', args: { u: undefined } })).toBe('t({})');
  });

  test.prop([fc.dictionary(fc.string({ maxLength: 8 }), json, { minKeys: 1, maxKeys: 3 })], { numRuns: 1000 })(
    'reads exactly as the whole JSON cut at 60 characters, for any arguments',
    (args) => {
      expect(describeAction({ type: 'tool', tool: 't', args })).toBe(whole('t', args));
    },
  );
});
