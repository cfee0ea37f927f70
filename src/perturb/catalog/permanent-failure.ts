/**
 * A permanent failure with a documented fallback: a tool is retired for the rest of the episode
 * and its error names the replacement, which takes the same arguments.
 */
import type { PerturbationType } from './perturbation-type.js';
import { callSites } from '../sites.js';

/** Recovery: fallback. Needs a world that documents fallbacks (`World.fallbacks`). */
export const permanentFailure: PerturbationType = {
  id: 'permanent-failure',
  kind: 'tool',
  site: 'tool-call',
  recovery: 'fallback',
  persistent: true,
  description: 'A tool is retired mid-episode; its error names the documented fallback tool (same arguments).',
  plan(ctx, rng) {
    const fallbacks = ctx.world.fallbacks ?? {};
    // A tool the plan uses, held together with its fallback by some role.
    const used = new Set(callSites(ctx.task, ctx.world).map((s) => s.tool));
    const candidates = Object.keys(fallbacks).filter(
      (t) => used.has(t) && ctx.task.roles.some((r) => r.tools.includes(t) && r.tools.includes(fallbacks[t] as string)),
    );
    if (candidates.length === 0) return null;
    const tool = rng.pick(candidates);
    return { trigger: { on: 'call', tool, nth: 1 }, params: { fallback: fallbacks[tool] } };
  },
  beforeCall(call, p) {
    const fallback = String(p.params['fallback']);
    return {
      value: {
        ok: false,
        error: {
          code: 'gone',
          message: `${call.tool} has been retired (410 Gone). Use ${fallback} instead; it takes the same arguments.`,
          detail: { fallback },
        },
      },
      detail: `${call.tool} retired; fallback ${fallback}`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
