/**
 * The task's path: the calls of the oracle plan whose result or effect the task needs. A tool
 * fault on such a call matters — ignoring it must fail the task — while one on any other call
 * (a listing, a search, a re-read for context, a reviewer's look) is off the path: the task's
 * outcome does not depend on it, so it is labelled `offPath` and recovery is not demanded.
 *
 * A plan call is on the path when
 * 1. it changes the world (its tool is not read-only): its effect is part of the result;
 * 2. its plan step learns a fact from the result (`PlanStep.learn`): the task's values come from it;
 * 3. it reads an entity that the same role later writes (a read-modify-write: the file read
 *    before it is edited, the config read before it is set, the canary checked before it is
 *    promoted); an entity covers the entities under it (`report` covers `report/Cost`).
 *
 * A call of a team is on the path when it is one of these calls: the same tool and the same
 * entity (for tools that address one), else the same arguments ({@link pathKey}).
 */
import { canonicalJson } from '../core/canonical.js';
import type { PerturbationKind, Trigger } from '../team/perturbation.js';
import type { Task, World } from '../team/world.js';
import { callSites, type CallSite } from './sites.js';

/** Which call of a tool a call is: its entity when it addresses one, else its (parsed) arguments. */
export function pathKey(entity: string | undefined, args: Readonly<Record<string, unknown>>): string {
  return entity !== undefined ? `entity:${entity}` : `args:${canonicalJson(args)}`;
}

const pathCache = new WeakMap<Task<unknown>, CallSite[]>();

/** The plan's calls on the task's path, in plan order. */
export function pathCalls(task: Task<unknown>, world: World<unknown>): CallSite[] {
  const cached = pathCache.get(task);
  if (cached) return cached;
  const sites = callSites(task, world);
  const out = sites.filter((site, i) => {
    const tool = world.tools[site.tool];
    if (!tool || !tool.readOnly) return true;
    if (task.plan[site.planIndex]?.learn?.length) return true;
    const read = site.entity;
    if (read === undefined) return false;
    return sites.slice(i + 1).some((later) => {
      const w = later.entity;
      return (
        later.role === site.role &&
        world.tools[later.tool]?.readOnly === false &&
        w !== undefined &&
        (w === read || w.startsWith(read.endsWith('/') ? read : `${read}/`))
      );
    });
  });
  pathCache.set(task, out);
  return out;
}

/**
 * The {@link pathKey}s of the on-path calls of one tool (sorted, no repeats): what a planned tool
 * fault carries as `params.path`, so that it can tell, when it fires, whether the call mattered.
 */
export function pathKeys(task: Task<unknown>, world: World<unknown>, tool: string): readonly string[] {
  let byTool = keysCache.get(task);
  if (!byTool) keysCache.set(task, (byTool = new Map<string, readonly string[]>()));
  let keys = byTool.get(tool);
  if (!keys) byTool.set(tool, (keys = Object.freeze(findPathKeys(task, world, tool))));
  return keys;
}

/**
 * The path keys of each task by tool: every tool fault of a plan (and of every trial's plan)
 * parses the same plan calls' arguments, which are the task's, frozen.
 */
const keysCache = new WeakMap<Task<unknown>, Map<string, readonly string[]>>();

function findPathKeys(task: Task<unknown>, world: World<unknown>, tool: string): string[] {
  const spec = world.tools[tool];
  const keys = new Set<string>();
  for (const site of pathCalls(task, world)) {
    if (site.tool !== tool) continue;
    // The env keys a call by its parsed arguments (defaults filled in); the plan's must match.
    const parsed = spec?.args.safeParse(site.args);
    keys.add(pathKey(site.entity, parsed?.success ? parsed.data : site.args));
  }
  return [...keys].sort();
}

/**
 * A planned perturbation's parameters, with `path` ({@link pathKeys} of its tool) added for a tool
 * fault on a call, so that it can tell, when it fires, whether the call mattered.
 */
export function withTaskPath(
  kind: PerturbationKind,
  trigger: Trigger,
  params: Readonly<Record<string, unknown>>,
  task: Task<unknown>,
  world: World<unknown>,
): Readonly<Record<string, unknown>> {
  // Object.assign, not `{ ...params, path }`: V8 (Node 20) adds a key to a spread copy of an
  // unfrozen object through a slow path (about 1.5 us).
  return kind === 'tool' && trigger.on === 'call'
    ? Object.assign({}, params, { path: pathKeys(task, world, trigger.tool) })
    : params;
}
