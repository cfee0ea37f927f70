/**
 * Plausible but wrong data: a read returns a believable wrong value for a fact (a neighbouring
 * version, a similar name). Checking the value before relying on it catches it.
 */
import { valueSwap } from './value-swap.js';

/** Recovery: verify. */
export const wrongData = valueSwap({
  id: 'wrong-value',
  how: 'wrong',
  description:
    'A read returns a plausible but wrong value for a fact; a team that checks it (reads again, or the authoritative source) is not fooled.',
  detail: (entity, wrong, value) => `${entity} showed ${wrong} instead of ${value}`,
});
