/**
 * A checker's list param is a list of strings or null, whatever the list held when it was last
 * read: only a frozen list is remembered as checked. Likewise what a checker works out from its
 * params is remembered only for a frozen params object.
 */
import { expect, it } from 'vitest';
import { paramsMemo, stringListParam } from '../../src/world/checker-params.js';

it('reads a list of strings, and gives null for anything else', () => {
  const ids = Object.freeze(['c-1', 'c-2']);
  expect(stringListParam({ params: { ids } }, 'ids')).toBe(ids);
  expect(stringListParam({ params: { ids } }, 'ids')).toBe(ids);
  expect(stringListParam({ params: {} }, 'ids')).toBeNull();
  expect(stringListParam({ params: { ids: 'c-1' } }, 'ids')).toBeNull();
  expect(stringListParam({ params: { ids: Object.freeze(['c-1', 2]) } }, 'ids')).toBeNull();
});

it('checks an unfrozen list again every time it is read', () => {
  const ids: unknown[] = ['c-1'];
  expect(stringListParam({ params: { ids } }, 'ids')).toEqual(['c-1']);
  ids.push(7);
  expect(stringListParam({ params: { ids } }, 'ids')).toBeNull();
});

it('works a value out of frozen params once, and out of unfrozen ones every time', () => {
  let reads = 0;
  const nameOf = paramsMemo((ctx) => {
    reads++;
    return typeof ctx.params['name'] === 'string' ? ctx.params['name'] : null;
  });
  const frozen = Object.freeze({ name: 'a' });
  expect([nameOf({ params: frozen }), nameOf({ params: frozen })]).toEqual(['a', 'a']);
  expect(reads).toBe(1);
  // A null answer is remembered too.
  const none = Object.freeze({});
  expect([nameOf({ params: none }), nameOf({ params: none })]).toEqual([null, null]);
  expect(reads).toBe(2);
  const open: Record<string, unknown> = { name: 'b' };
  expect(nameOf({ params: open })).toBe('b');
  open['name'] = 'c';
  expect(nameOf({ params: open })).toBe('c');
  expect(reads).toBe(4);
});
