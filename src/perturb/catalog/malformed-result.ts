/**
 * A malformed result: the read succeeds but its payload arrives as broken JSON text.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** Recovery: retry. */
export const malformedResult: PerturbationType = {
  id: 'malformed-result',
  kind: 'tool',
  site: 'tool-result',
  recovery: 'retry',
  description: 'A read returns a garbled, unparseable payload; reading again gives a clean one.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'read');
    return pick && { trigger: pick.trigger, params: { keep: rng.int(10, 40) } };
  },
  afterCall(call, outcome, p) {
    const json = JSON.stringify(outcome.result) ?? 'null';
    const keep = Number(p.params['keep'] ?? 20);
    // Cut mid-token and end with a stray byte sequence, as a broken proxy or encoding bug would.
    const garbled = `${json.slice(0, Math.min(keep, Math.max(1, json.length - 1)))}\u0000\ufffd\ufffd{"`;
    return {
      value: { ...outcome, result: garbled },
      detail: `${call.tool} returned a malformed payload`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
