/**
 * Task variants of a composed world, from its parts' own `variants` hooks. Each part's hook sees
 * the task as its own world would: its part of the state, its tools under their own names in the
 * plan (`web_follow_link` → `follow_link`) and its checkers' own kinds, so a hook that looks for
 * `follow_link` steps or `write_file` targets works unchanged; what it returns is put back under
 * the prefixes.
 *
 * Renames are applied to the whole task, so a name both parts use (a brand on the web and in a
 * config file) changes everywhere at once. A part judges a new name free from its own part of
 * the state only, so a rename whose new name already occurs elsewhere in the task is dropped, as
 * is a second rename of the same name.
 */
import type { Rng } from '../core/rng.js';
import { occursIn, taskText } from '../world/variation.js';
import { composedChecker, composedTool } from './compose-names.js';
import type { Constraint, PlanStep, Task, World, WorldVariants } from './world.js';

/** What a part's hook is given, and how to put its answer back. */
interface PartView<P> {
  readonly task: Task<P>;
  /** Plan indices and constraint indices whose tool or kind was the part's own (and unprefixed). */
  readonly ownSteps: ReadonlySet<number>;
  readonly ownConstraints: ReadonlySet<number>;
}

function ownName(name: string, prefix: string, separator: string): string | null {
  return name.startsWith(`${prefix}${separator}`) ? name.slice(prefix.length + separator.length) : null;
}

/** The task as the part world sees it. */
function partView<S, P>(task: Task<S>, prefix: string): PartView<P> {
  const ownSteps = new Set<number>();
  const plan = task.plan.map((step, i): PlanStep => {
    const tool = step.action.type === 'tool' ? ownName(step.action.tool, prefix, '_') : null;
    if (tool === null || step.action.type !== 'tool') return step;
    ownSteps.add(i);
    return { ...step, action: { ...step.action, tool } };
  });
  const ownConstraints = new Set<number>();
  const constraints = task.constraints.map((c, i): Constraint => {
    const kind = ownName(c.kind, prefix, ':');
    if (kind === null) return c;
    ownConstraints.add(i);
    return { ...c, kind };
  });
  const world = (task.world as Record<string, unknown>)[prefix] as P;
  return { task: { ...(task as unknown as Task<P>), world, plan, constraints }, ownSteps, ownConstraints };
}

/** The composed task after a part's hook changed its view (same plan and constraint shape), or null. */
function fromPartView<S, P>(task: Task<S>, prefix: string, view: PartView<P>, changed: Task<P>): Task<S> | null {
  if (changed === view.task) return task;
  if (changed.plan.length !== task.plan.length || changed.constraints.length !== task.constraints.length) return null;
  const plan = changed.plan.map((step, i): PlanStep =>
    view.ownSteps.has(i) && step.action.type === 'tool'
      ? { ...step, action: { ...step.action, tool: composedTool(prefix, step.action.tool) } }
      : step,
  );
  const constraints = changed.constraints.map((c, i): Constraint =>
    view.ownConstraints.has(i) ? { ...c, kind: composedChecker(prefix, c.kind) } : c,
  );
  const world = { ...(task.world as object), [prefix]: changed.world } as S;
  return { ...(changed as unknown as Task<S>), world, plan, constraints };
}

/** The composed `variants` hook, or undefined when no part varies. */
export function composeVariants<S>(parts: Readonly<Record<string, World<any>>>): WorldVariants<S> | undefined {
  const varying = Object.keys(parts).filter((p) => (parts[p] as World<unknown>).variants);
  if (varying.length === 0) return undefined;
  return {
    renames(task: Task<S>, rng: Rng): Record<string, string> {
      const text = taskText(task);
      const out: Record<string, string> = {};
      for (const prefix of varying) {
        const hook = (parts[prefix] as World<unknown>).variants?.renames;
        if (!hook) continue;
        const proposed = hook(partView<S, unknown>(task, prefix).task, rng.fork(prefix));
        for (const [from, to] of Object.entries(proposed)) {
          if (Object.hasOwn(out, from) || Object.values(out).includes(to)) continue;
          out[from] = to;
        }
      }
      // A new name must be new to the whole task, unless it is itself renamed away (a swap).
      for (let dropped = true; dropped;) {
        dropped = false;
        for (const [from, to] of Object.entries(out)) {
          if (!Object.hasOwn(out, to) && occursIn(text, to)) {
            delete out[from];
            dropped = true;
          }
        }
      }
      return out;
    },
    reorder(task: Task<S>, rng: Rng): Task<S> {
      let out = task;
      for (const prefix of varying) {
        const hook = (parts[prefix] as World<unknown>).variants?.reorder;
        if (!hook) continue;
        const view = partView<S, unknown>(out, prefix);
        out = fromPartView(out, prefix, view, hook(view.task, rng.fork(prefix))) ?? out;
      }
      return out;
    },
  };
}
