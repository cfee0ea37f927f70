/**
 * A checker's list param is a list of strings or null, whatever the list held when it was last
 * read: only a frozen list is remembered as checked.
 */
import { expect, it } from 'vitest';
import { stringListParam } from '../../src/world/checker-params.js';

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
