/**
 * Defining a task family: the author writes what varies by seed (request, facts, constraints,
 * world, plan); the helper owns what every family assembles the same way — the task id, the roles
 * with their needs derived from the plan, the entry role — and the memo of generated tasks.
 */
import type { Rng, Seed } from '../core/rng.js';
import type { Clarification, Constraint, Fact, PlanStep, Task, TaskFamily, World } from '../team/world.js';
import { memoizeGenerator } from './memoize.js';
import { PlanBuilder, rolesFromPlan, type RoleTemplate } from './plan-builder.js';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * The task with its world grown to `size` entities (the task as generated when `size` is absent).
 * The distractors draw from their own fork of `rng`, taken after the task, so the task itself is
 * the same at every size.
 */
function resized<W>(world: World<W>, task: Task<W>, rng: Rng, size: number | undefined): Task<W> {
  if (size === undefined) return task;
  if (!world.resize)
    throw new InvalidArgumentError(
      'worldSize',
      size,
      `no world size for this env: the "${world.id}" world has one size (it defines no resize)`,
      'leave out --world-size (or options.worldSize) for this env',
    );
  const grown = world.resize(task, size, rng.fork(`world-size-${size}`));
  return grown === task.world ? task : { ...task, world: grown };
}

/** What a family's generator draws for one seed: the parts of a {@link Task} that vary. */
export interface TaskContent<W> {
  /** The user's request, seen only by the entry role. */
  readonly request: string;
  readonly facts: readonly Fact[];
  readonly constraints: readonly Constraint[];
  /** The world's state at reset. */
  readonly world: W;
  /** The privileged oracle plan, as built or as its steps. */
  readonly plan: PlanBuilder | readonly PlanStep[];
  /** Answers of the simulated user to clarifying questions. @defaultValue [] */
  readonly clarifications?: readonly Clarification[];
}

/** What {@link defineTaskFamily} takes. */
export interface TaskFamilyOptions<W> {
  /** The family id within its world, e.g. `rename-symbol` (the env id is `world/id-vN`). */
  readonly id: string;
  /** Bump when a fixed seed's task or trajectory changes. */
  readonly version: number;
  readonly description: string;
  readonly world: World<W>;
  /** Suggested step limit (the spec's TimeLimit). */
  readonly maxEpisodeSteps: number;
  /** The seats of the team; their `needs` are the facts their own plan steps reference. */
  readonly roles: readonly RoleTemplate[];
  /** The role that receives the request. @defaultValue the first of `roles` */
  readonly entryRole?: string;
  /** Every fact id of the family, in the order roles list their needs. */
  readonly factOrder: readonly string[];
  /** Draws one task's content for `seed`. Must draw only from `rng`. */
  readonly build: (rng: Rng, seed: Seed) => TaskContent<W>;
}

/** A task family made by {@link defineTaskFamily}. */
export interface DefinedTaskFamily<W> extends TaskFamily<W> {
  /**
   * The task for `seed` drawn straight from `rng`, without the memo (whose `generate` draws from
   * a fork of `rng`): for families built on another family's tasks, and for generator tests.
   */
  readonly generateUnmemoized: (rng: Rng, seed: Seed) => Task<W>;
}

/**
 * A task family from its seeded content. The task's id is `${id}-v${version}@${seed}`; its roles
 * are `roles` with `needs` derived from the plan; `generate` is memoized per (seed, RNG state).
 *
 * @throws Error when `roles` is empty, a role id repeats, or `entryRole` is not one of `roles`.
 */
export function defineTaskFamily<W>(options: TaskFamilyOptions<W>): DefinedTaskFamily<W> {
  const { id, version, description, world, maxEpisodeSteps, roles, factOrder, build } = options;
  const where = `defineTaskFamily("${world.id}/${id}")`;
  if (roles.length === 0)
    throw new Error(`${where}: roles is empty; give at least the entry role, e.g. roles: [PLANNER, EXECUTOR]`);
  const roleIds = roles.map((r) => r.id);
  const repeated = roleIds.find((r, i) => roleIds.indexOf(r) !== i);
  if (repeated !== undefined)
    throw new Error(`${where}: role "${repeated}" appears twice in roles (${roleIds.join(', ')}); give each seat once`);
  const entryRole = options.entryRole ?? roleIds[0];
  if (entryRole === undefined || !roleIds.includes(entryRole))
    throw new Error(
      `${where}: entryRole "${String(entryRole)}" is not one of roles (${roleIds.join(', ')}); name one of them or omit it to use the first`,
    );

  const generateUnmemoized = (rng: Rng, seed: Seed): Task<W> => {
    const content = build(rng, seed);
    const plan = content.plan instanceof PlanBuilder ? content.plan.steps : content.plan;
    // Key order is part of the task's serialized form (and so of recorded trajectories).
    return {
      id: `${id}-v${version}@${seed}`,
      family: id,
      seed,
      request: content.request,
      roles: rolesFromPlan(plan, roles, factOrder),
      entryRole,
      facts: content.facts,
      constraints: content.constraints,
      world: content.world,
      plan,
      clarifications: content.clarifications ?? [],
    };
  };
  return {
    id,
    version,
    description,
    world,
    maxEpisodeSteps,
    generate: memoizeGenerator((rng, seed, size) => resized(world, generateUnmemoized(rng, seed), rng, size)),
    generateUnmemoized,
  };
}
