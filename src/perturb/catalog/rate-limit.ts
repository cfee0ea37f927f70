/**
 * A rate limit with a retry-after: calls to the tool fail until the window has passed (virtual
 * time). Retrying at once fails again; waiting first works.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** Recovery: wait, then retry. */
export const rateLimit: PerturbationType = {
  id: 'rate-limit',
  kind: 'tool',
  site: 'tool-call',
  recovery: 'wait',
  description:
    'A tool answers 429 with a retry-after; calls before the window ends fail again, a wait then a retry works.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'any');
    return pick && { trigger: pick.trigger, params: { retryAfter: rng.int(5, 20) } };
  },
  beforeCall(call, p) {
    const retryAfter = Number(p.params['retryAfter'] ?? 10);
    return {
      value: {
        ok: false,
        error: {
          code: 'rate_limited',
          message: `Rate limit exceeded for ${call.tool} (429). Retry after ${retryAfter} ticks (use the wait action).`,
          detail: { retryAfter },
        },
      },
      detail: `${call.tool} rate-limited for ${retryAfter} ticks`,
      ...(call.entity ? { entities: [call.entity] } : {}),
      faults: { blockedUntil: { [call.tool]: call.clock + retryAfter } },
    };
  },
};
