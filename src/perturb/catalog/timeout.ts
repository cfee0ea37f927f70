/**
 * A timeout in virtual time: the call takes long, then fails without effect.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** Recovery: retry. */
export const timeout: PerturbationType = {
  id: 'timeout',
  kind: 'tool',
  site: 'tool-call',
  recovery: 'retry',
  description: 'A tool call hangs for a long (virtual) time and times out without effect; retrying works.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'any');
    return pick && { trigger: pick.trigger, params: { ticks: rng.int(20, 60) } };
  },
  beforeCall(call, p) {
    const ticks = Number(p.params['ticks'] ?? 30);
    return {
      value: {
        ok: false,
        latency: ticks,
        error: {
          code: 'timeout',
          message: `${call.tool} timed out after ${ticks} ticks. Nothing was changed; retry the call.`,
        },
      },
      detail: `${call.tool} timed out after ${ticks} ticks`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
