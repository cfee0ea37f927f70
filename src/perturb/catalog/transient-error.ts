/**
 * A transient failure (an HTTP 503): the call has no effect and the same call made again works.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** Recovery: retry. */
export const transientError: PerturbationType = {
  id: 'transient-error',
  kind: 'tool',
  site: 'tool-call',
  recovery: 'retry',
  description: 'A tool call fails with a temporary error (503) and has no effect; retrying works.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'any');
    return pick && { trigger: pick.trigger, params: {} };
  },
  beforeCall(call) {
    return {
      value: {
        ok: false,
        error: {
          code: 'unavailable',
          message: `${call.tool} is temporarily unavailable (503 Service Unavailable). Nothing was changed; retrying the same call should work.`,
        },
      },
      detail: `${call.tool} failed with a transient 503`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
