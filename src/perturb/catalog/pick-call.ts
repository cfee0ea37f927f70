/**
 * Choosing the tool call a tool fault fires on.
 */
import type { Rng } from '../../core/rng.js';
import type { Trigger } from '../../team/perturbation.js';
import { pathCalls } from '../path.js';
import { callSites, type CallSite } from '../sites.js';
import type { PlanContext } from './perturbation-type.js';

/** Which calls a fault may target. */
export type CallFilter = 'any' | 'read' | 'write';

/**
 * A random call of the plan matching `filter`, as a trigger on its (tool, entity, nth). Calls on
 * the task's path (`path.ts`) are preferred: a fault there is one the team must deal with, while
 * one anywhere else is labelled off the path and measures nothing.
 */
export function pickCall(ctx: PlanContext, rng: Rng, filter: CallFilter): { site: CallSite; trigger: Trigger } | null {
  const sites = callSites(ctx.task, ctx.world).filter((s) => {
    const tool = ctx.world.tools[s.tool];
    if (!tool) return false;
    return filter === 'any' || (filter === 'read') === tool.readOnly;
  });
  if (sites.length === 0) return null;
  const path = new Set(pathCalls(ctx.task, ctx.world));
  const onPath = sites.filter((s) => path.has(s));
  const site = rng.pick(onPath.length > 0 ? onPath : sites);
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
