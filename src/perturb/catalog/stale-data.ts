/**
 * Stale data: a read is served from an out-of-date cache and shows an older value of a fact.
 */
import { valueSwap } from './value-swap.js';

/** Recovery: verify. */
export const staleData = valueSwap({
  id: 'stale-data',
  how: 'stale',
  description:
    'A read is served from a stale cache and shows an older value of a fact; reading again shows the current one.',
  detail: (entity, wrong, value) => `${entity} served stale data (${wrong} instead of ${value})`,
});
