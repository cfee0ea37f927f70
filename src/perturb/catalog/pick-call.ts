/**
 * Choosing the tool call a tool fault fires on.
 */
import type { Rng } from '../../core/rng.js';
import type { Trigger } from '../../team/perturbation.js';
import { callSites, type CallSite } from '../sites.js';
import type { PlanContext } from './perturbation-type.js';

/** Which calls a fault may target. */
export type CallFilter = 'any' | 'read' | 'write';

/**
 * A random call of the plan matching `filter`, as a trigger on its (tool, entity, nth). Calls
 * of the last few plan steps are avoided so every fault leaves room to recover.
 */
export function pickCall(ctx: PlanContext, rng: Rng, filter: CallFilter): { site: CallSite; trigger: Trigger } | null {
  const sites = callSites(ctx.task, ctx.world).filter((s) => {
    const tool = ctx.world.tools[s.tool];
    if (!tool) return false;
    return filter === 'any' || (filter === 'read') === tool.readOnly;
  });
  if (sites.length === 0) return null;
  const site = rng.pick(sites);
  return {
    site,
    trigger: {
      on: 'call',
      tool: site.tool,
      nth: site.nth,
      ...(site.entity !== undefined ? { entity: site.entity } : {}),
    },
  };
}
