/**
 * A compiled `allow` list answers exactly as the definition (an exact id, or a prefix ending with
 * `/`; empty entries allow nothing), is compiled once per frozen list, and never answers from a
 * compilation of a list that may have changed since.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { allowListOf, allowListParam } from '../../src/world/allow-list.js';

/** The definition the compiled list must agree with. */
function allowedByDefinition(id: string, allow: readonly string[]): boolean {
  return allow.some((a) => a.length > 0 && (id === a || (a.endsWith('/') && id.startsWith(a))));
}

/** Short ids over a small alphabet with `/`, so that prefixes and exact hits are common. */
const piece = fc.string({ unit: fc.constantFrom('a', 'b', '/', '-'), maxLength: 5 });

describe('allowListOf', () => {
  test.prop([fc.array(piece, { maxLength: 6 }), fc.array(piece, { maxLength: 12 })])(
    'agrees with the definition on every id',
    (allow, ids) => {
      const list = allowListOf(Object.freeze([...allow]));
      for (const id of [...ids, ...allow, ...allow.map((a) => `${a}x`)])
        expect(list.allows(id)).toBe(allowedByDefinition(id, allow));
    },
  );

  it('covers ids under a prefix ending with /, and only the id itself for any other entry', () => {
    const list = allowListOf(['crm/', 'legacy/c-7', '']);
    expect(list.allows('crm/c-1')).toBe(true);
    expect(list.allows('crm/')).toBe(true);
    expect(list.allows('crm')).toBe(false);
    expect(list.allows('legacy/c-7')).toBe(true);
    expect(list.allows('legacy/c-70')).toBe(false);
    expect(list.allows('')).toBe(false);
  });

  it('compiles a frozen list once, and an unfrozen one again after it changed', () => {
    const frozen = Object.freeze(['a/']);
    expect(allowListOf(frozen)).toBe(allowListOf(frozen));
    const open = ['a/'];
    expect(allowListOf(open).allows('b/x')).toBe(false);
    open.push('b/');
    expect(allowListOf(open).allows('b/x')).toBe(true);
  });
});

describe('allowListParam', () => {
  it('reads a list of strings, and gives null for a missing param or any other value', () => {
    expect(allowListParam({ params: { allow: Object.freeze(['x']) } }, 'allow')?.allows('x')).toBe(true);
    expect(allowListParam({ params: {} }, 'allow')).toBeNull();
    expect(allowListParam({ params: { allow: 'x' } }, 'allow')).toBeNull();
    expect(allowListParam({ params: { allow: ['x', 3] } }, 'allow')).toBeNull();
    expect(allowListParam({ params: { allow: Object.freeze(['x', null]) } }, 'allow')).toBeNull();
  });
});
