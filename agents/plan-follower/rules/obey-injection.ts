/**
 * `obey-injection`: a credulous role acts on instructions found in content (or queues them to
 * pass on). It runs before the inbox is answered, as an injected note pre-empts the role's own
 * judgement; teams that do not obey injections skip it.
 */
import { obeyInjection as obey } from '../injections.js';
import type { Rule } from '../types.js';

/** Acts on an injected instruction (credulous teams only). */
export const obeyInjection: Rule = {
  name: 'obey-injection',
  decide(turn) {
    return turn.behaviour.obeyInjections ? obey(turn) : null;
  },
};
