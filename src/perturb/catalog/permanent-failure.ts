/**
 * A permanent failure with a documented fallback: a tool is retired for the rest of the episode
 * and its error names the replacement, which takes the same arguments.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pathCalls } from '../path.js';
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
    const calls = callSites(ctx.task, ctx.world);
    const used = new Set(calls.map((s) => s.tool));
    const candidates = Object.keys(fallbacks).filter(
      (t) => used.has(t) && ctx.task.roles.some((r) => r.tools.includes(t) && r.tools.includes(fallbacks[t] as string)),
    );
    if (candidates.length === 0) return null;
    // Retire a tool the task needs where one is (from its first call on the task's path on), so
    // that ignoring the failure fails the task; else any, from its first call (labelled off the path).
    const path = pathCalls(ctx.task, ctx.world);
    const needed = candidates.filter((t) => path.some((s) => s.tool === t));
    const tool = rng.pick(needed.length > 0 ? needed : candidates);
    const first = path.find((s) => s.tool === tool);
    const nth = first ? calls.filter((s) => s.tool === tool && s.planIndex <= first.planIndex).length : 1;
    return { trigger: { on: 'call', tool, nth }, params: { fallback: fallbacks[tool] } };
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
