/**
 * Arbitraries shared by property tests.
 */
import { fc } from '@fast-check/vitest';

/**
 * Any JavaScript value, with every kind fast-check draws switched on: bigints, boxed primitives,
 * dates, maps, sets, null-prototype objects, sparse and typed arrays, `Object`-wrapped strings —
 * what garbage an agent or a caller could hand over.
 */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
});
