/**
 * The team env model: turns a task family of a world into a pure, multi-agent, turn-based
 * {@link EnvModel}. One role acts per step; a handoff passes control and a message to another role.
 */
import * as z from 'zod';
import { deepFreeze } from '../core/deep-freeze.js';
import type { EnvModel, Info } from '../core/env.js';
import { Rng, type Seed } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';
import { sampleJsonSchema } from '../core/spaces.js';
import { factsInText } from './handoff-audit.js';
import { evaluateLedger } from './ledger.js';
import { observeTeam, type TeamObservation } from './observation.js';
import type { RoleState, TeamState } from './state.js';
import type { Task, TaskFamily } from './world.js';
import { teamTransition } from './transition.js';
import {
  cleanFaultState,
  PlannedPerturbationSchema,
  type FaultState,
  type FiredPerturbation,
  type PerturbationEngine,
} from './perturbation.js';
export { gradeTeamState } from './grade.js';
import { toSingleAgentTask } from './single-agent.js';
import { variantOf } from './variants.js';
import { roleToolSpecs } from './tool-definitions.js';
import { parseWorldSize } from '../world/world-size.js';
import { teamActionSpace, teamObservationSpace } from './spaces.js';
import { roleSpecOf } from './role-spec.js';

/** Reset options of every team env. */
export const TeamOptionsSchema = z
  .object({
    /** `team`: the task's roles. `single`: one role, `agent`, holds every tool. */
    view: z.enum(['team', 'single']).default('team'),
    /** Overrides the task's entry role (the role that receives the user's request). */
    entryRole: z.string().min(1).max(64).optional(),
    /** The perturbation profile (`clean`, `production`, `chaos`, or one kind alone). */
    perturb: z.string().min(1).max(64).default('clean'),
    /**
     * An explicit fault plan, used instead of the profile's (property tests shrink these).
     * The episode records it under the profile name `custom` unless `perturb` names one.
     */
    faultPlan: z.array(PlannedPerturbationSchema).max(50).optional(),
    /**
     * The trial (attempt) number. Trial 0 draws the profile's faults from the seed's stream;
     * every other trial draws its own, so repeated attempts at one task meet different
     * production conditions (the task itself never changes).
     */
    trial: z.number().int().min(0).max(1_000_000).default(0),
    /**
     * The variant of the task: 0 is the task as generated; others are semantically equivalent
     * rewrites (paraphrased request, renamed entities, reordered records) drawn from the seed.
     */
    variant: z.number().int().min(0).max(1_000).default(0),
    /**
     * The world size: `small`, `medium`, `large` or an entity count (files, pages, records,
     * services); absent is the family's own size. Parsed to a count by `parseOptions`.
     */
    worldSize: z.union([z.number(), z.string()]).optional(),
  })
  .strict();

/** Parsed reset options (the world size as an entity count). */
export type TeamOptions = Omit<z.infer<typeof TeamOptionsSchema>, 'worldSize'> & { readonly worldSize?: number };

/** Options a team env is made with (`make(id, { worldSize })`): defaults of every reset. */
export interface TeamModelDefaults {
  /** The world size of every episode whose reset options give none (an entity count). */
  readonly worldSize?: number;
}

/** What every episode of one task starts from: the facts the request states, and the first ledger. */
interface TaskStart {
  readonly entryKnows: readonly string[];
  readonly ledger: string;
}

/**
 * Per task object: tasks are memoized and frozen, so every reset of a seed (trials, profiles,
 * teams) starts from the same object, and what is read from it alone is read once.
 */
const starts = new WeakMap<object, TaskStart>();

function startOf<W>(world: TaskFamily<W>['world'], task: Task<W>): TaskStart {
  const known = starts.get(task);
  if (known) return known;
  const start: TaskStart = {
    entryKnows: factsInText(task.facts, task.request),
    ledger: evaluateLedger(world, task.constraints, task.world, task.world, null, false),
  };
  starts.set(task, start);
  return start;
}

/** The pure model of a team env, with the task family it was built from. */
export interface TeamModel<W = unknown> extends EnvModel<TeamState<W>, TeamObservation, TeamOptions> {
  readonly family: TaskFamily<W>;
  readonly envId: string;
  /** The perturbation engine its episodes run with (null: the `clean` profile only). */
  readonly perturbations: PerturbationEngine | null;
}

/**
 * Builds the pure model of a team env for one task family, with the perturbation engine its
 * episodes run with (null: the `clean` profile only).
 */
export function teamModel<W>(
  family: TaskFamily<W>,
  envId: string,
  engine: PerturbationEngine | null,
  defaults: TeamModelDefaults = {},
): TeamModel<W> {
  const world = family.world;

  const initial = (seed: Seed, options: TeamOptions): TeamState<W> => {
    const rng = Rng.fromSeed(seed);
    let task = family.generate(rng.fork('task'), seed, options.worldSize);
    // The variant is drawn before the view, the entry role and the fault plan, so faults are planned on it.
    if (options.variant > 0) task = variantOf(task, world, options.variant, rng.fork(`variant-${options.variant}`));
    if (options.view === 'single') task = toSingleAgentTask(task);
    else if (options.entryRole !== undefined && options.entryRole !== task.entryRole) {
      const entryRole = options.entryRole;
      if (!task.roles.some((r) => r.id === entryRole)) {
        throw new InvalidArgumentError(
          'reset({ options.entryRole })',
          entryRole,
          `one of the task's roles (${task.roles.map((r) => r.id).join(', ')})`,
          'omit entryRole to use the task default',
        );
      }
      task = { ...task, entryRole };
    }
    let faults: FaultState = cleanFaultState();
    let atReset: readonly FiredPerturbation[] = [];
    if ((options.perturb !== 'clean' || options.faultPlan) && engine) {
      const plan =
        options.faultPlan ??
        engine.plan(
          options.perturb,
          task,
          world,
          rng.fork(options.trial === 0 ? 'faults' : `faults/trial-${options.trial}`),
        );
      faults = {
        ...cleanFaultState(),
        profile: options.faultPlan && options.perturb === 'clean' ? 'custom' : options.perturb,
        plan: plan,
      };
      const r = engine.atReset(task, faults);
      task = r.value as Task<W>;
      faults = r.faults;
      atReset = r.fired;
    }
    const roles: Record<string, RoleState> = {};
    const { entryKnows, ledger } = startOf(world, task);
    for (const r of task.roles) {
      roles[r.id] = { inbox: [], last: null, known: r.id === task.entryRole ? entryKnows : [], actions: 0 };
    }
    // Frozen whole (the memoized task's parts already are, and are skipped): the state, its task
    // and fault plan reach agents, and a step freezes only what it creates.
    return deepFreeze<TeamState<W>>({
      rng: rng.fork('episode').state(),
      t: 0,
      envId,
      task,
      world: task.world,
      clock: 0,
      active: task.entryRole,
      roles,
      ledger,
      finished: null,
      counters: { handoffs: 0, invalidActions: 0, toolErrors: 0, asks: 0 },
      faults,
      atReset,
    });
  };

  const transition = teamTransition(family, engine);

  return {
    family,
    envId,
    perturbations: engine,
    parseOptions(raw: unknown): TeamOptions {
      const parsed = TeamOptionsSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InvalidArgumentError(
          `reset({ options${issue?.path.length ? `.${issue.path.join('.')}` : ''} })`,
          raw,
          issue?.message ?? 'valid team options',
          'use { view: "team" } or { view: "single" }',
        );
      }
      const profile = parsed.data.perturb;
      const unknownType = parsed.data.faultPlan?.find((p) => !engine?.hasPerturbation(p.type));
      if (unknownType) {
        throw new InvalidArgumentError(
          'reset({ options.faultPlan[].type })',
          unknownType.type,
          'a perturbation type of the catalog',
          'run `faultline list` to see the profiles (one per type)',
        );
      }
      if (profile !== 'clean' && !engine?.hasProfile(profile)) {
        const known = [
          'clean',
          ...(engine
            ?.profiles()
            .map((p) => p.id)
            .filter((id) => id !== 'clean') ?? []),
        ];
        throw new InvalidArgumentError(
          'reset({ options.perturb })',
          profile,
          `a perturbation profile (${known.join(', ')})`,
          engine
            ? 'run `faultline list` to see the profiles'
            : `use "clean": ${envId} was registered without a perturbation engine (register it with one to run other profiles)`,
        );
      }
      const { worldSize: rawSize, ...rest } = parsed.data;
      const worldSize = parseWorldSize(rawSize, 'reset({ options.worldSize })') ?? defaults.worldSize;
      return worldSize === undefined ? rest : { ...rest, worldSize };
    },
    initial,
    resetInfo(state: TeamState<W>): Info {
      return {
        envId,
        taskId: state.task.id,
        entryRole: state.task.entryRole,
        roles: state.task.roles.map((r) => ({
          id: r.id,
          description: r.description,
          tools: r.tools,
          canFinish: r.canFinish,
        })),
        constraints: state.task.constraints.map((c) => ({ id: c.id, text: c.text, scope: c.scope, late: c.late })),
        facts: state.task.facts.map((f) => ({ id: f.id, description: f.description })),
        ledger: state.ledger,
        perturb: state.faults.profile,
        faultPlan: state.faults.plan,
        perturbations: state.atReset,
      };
    },
    transition,
    observe: observeTeam,
    observationSpace: teamObservationSpace,
    actionSpace: teamActionSpace,
    sampleAction(state: TeamState<W>, rng: Rng): unknown {
      return sampleTeamAction(family, state, rng);
    },
  };
}

/** A valid-looking random action: mostly tool calls with schema-sampled arguments. */
function sampleTeamAction<W>(family: TaskFamily<W>, state: TeamState<W>, rng: Rng): unknown {
  const spec = roleSpecOf(state.task.roles, state.active);
  const teammates = state.task.roles.filter((r) => r.id !== state.active).map((r) => r.id);
  const kind = rng.weighted({
    tool: 80,
    handoff: teammates.length ? 12 : 0,
    ask: 2,
    wait: 2,
    finish: spec?.canFinish ? 4 : 0,
  });
  const vocabulary = family.world.vocabulary(state.world);
  switch (kind) {
    case 'tool': {
      const tools = roleToolSpecs(family.world, spec?.tools ?? []);
      if (tools.length === 0) return { type: 'wait', ticks: 1 };
      const tool = rng.pick(tools);
      return { type: 'tool', tool: tool.name, args: sampleJsonSchema(tool.parameters, rng, vocabulary) };
    }
    case 'handoff':
      return { type: 'handoff', to: rng.pick(teammates), message: { text: rng.sample(vocabulary, 3).join(' ') } };
    case 'ask':
      return { type: 'ask', question: `What about ${rng.pick(vocabulary.length ? vocabulary : ['this'])}?` };
    case 'wait':
      return { type: 'wait', ticks: rng.int(1, 3) };
    default:
      return { type: 'finish', status: 'done' };
  }
}
