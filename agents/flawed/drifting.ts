/**
 * The `drifting` flawed team: the oracle, except that its roles lose the user's early intent as
 * their own context grows. After a role has taken N actions (N drawn per role with the agent
 * seed), it no longer recalls the facts of the constraints stated up front (`late: false`) and
 * acts on each fact's `guess` instead — so its late-plan actions quietly depart from what it was
 * told. It also ignores changes of requirement: a message from the `user` in its inbox does not
 * replace the value it was first given, and finished work is not redone (the oracle's
 * `followChanges` is off).
 *
 * Roles that act only a few times (the planner and the reviewer) rarely reach N; the executor,
 * whose part is long, drifts in its later writes.
 */
import { type Fact, type FactLookup, type PlanStep, Rng, resolvePlanStep } from '../../src/public/authoring.js';
import type { EpisodeStart, Team } from '../../src/public/index.js';
import { factsInText } from '../../src/public/metrics.js';
import { factsFromInbox } from '../knowledge.js';
import { createPlanFollowers, type FollowerContext } from '../plan-follower.js';

/** The role a requirement change comes from. */
const USER = 'user';

/** An action the defect changed. */
export interface DriftedAction {
  /** The env step of the action. */
  readonly step: number;
  readonly role: string;
  readonly planIndex: number;
  /** What the oracle would have done and what the drifting role did (null: the step was skipped). */
  readonly intended: PlanStep['action'] | null;
  readonly taken: PlanStep['action'] | null;
  /** `forgot`: acted on a guess; `ignored-user`: kept a value the user had changed. */
  readonly reason: 'forgot' | 'ignored-user';
}

/** Options of {@link createDriftingTeam}. */
export interface DriftingOptions {
  /** The range N is drawn from (inclusive): a role forgets after N of its own actions. @defaultValue [11, 15] */
  readonly after?: readonly [number, number];
  /** Told about every plan step whose action the defect changed (ground truth for tests). */
  readonly onDrift?: (change: DriftedAction) => void;
}

/** Per-episode drift state: each role's patience and its own actions so far (one per step it acts at). */
const episodes = new WeakMap<
  EpisodeStart,
  { patience: Map<string, number>; acted: Map<string, { step: number; count: number }> }
>();

/** Builds a drifting team (the registered one uses the defaults). */
export function createDriftingTeam(options: DriftingOptions = {}): Team {
  const [lo, hi] = options.after ?? [11, 15];
  return {
    id: 'drifting',
    description:
      'The oracle, except that each role forgets the early constraints after N of its own actions and ignores requirement changes from the user; measures alignment drift.',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the drifting team needs the privileged task');
      const early = new Set(task.constraints.filter((c) => !c.late && !c.subgoal).flatMap((c) => c.facts));
      const byId = new Map(task.facts.map((f) => [f.id, f]));
      // Forgetting follows the episode, not the agent instance: a role re-created after a restart
      // keeps drifting where it left off.
      let episode = episodes.get(start);
      if (!episode) {
        const rng = Rng.fromSeed(start.agentSeed).fork('drifting');
        episode = { patience: new Map(start.roles.map((r) => [r.id, rng.int(lo, hi)])), acted: new Map() };
        episodes.set(start, episode);
      }
      const { patience, acted } = episode;
      return createPlanFollowers(start, {
        followChanges: false,
        lookup: (base, ctx) => {
          const seen = acted.get(ctx.role);
          if (!seen || seen.step !== ctx.observation.step)
            acted.set(ctx.role, { step: ctx.observation.step, count: (seen?.count ?? 0) + 1 });
          const ownActions = (acted.get(ctx.role) as { count: number }).count;
          const forgetting = ownActions > (patience.get(ctx.role) ?? Infinity);
          const loyal = originalValues(task.facts, ctx, base);
          const drifted: FactLookup = (id) => (forgetting && early.has(id) ? (byId.get(id) as Fact).guess : loyal(id));
          report(options, ctx, base, drifted, forgetting);
          return drifted;
        },
      });
    },
  };
}

/** The registered drifting team. */
export const driftingTeam: Team = createDriftingTeam();

/**
 * A lookup that ignores what the user changed: for a fact a `user` message set, the value the
 * role had from its teammates (or its request) before; otherwise what it knows.
 */
function originalValues(facts: readonly Fact[], ctx: FollowerContext, base: FactLookup): FactLookup {
  const inbox = ctx.observation.inbox;
  if (!inbox.some((m) => m.from === USER)) return base;
  const changed = factsFromInbox(
    facts,
    inbox.filter((m) => m.from === USER),
  );
  const original = factsFromInbox(
    facts,
    inbox.filter((m) => m.from !== USER),
  );
  if (ctx.observation.request !== null) {
    const byId = new Map(facts.map((f) => [f.id, f.value]));
    for (const id of factsInText(facts, ctx.observation.request)) original.set(id, byId.get(id) as string);
  }
  const guesses = new Map(facts.map((f) => [f.id, f.guess]));
  return (id) => (changed.has(id) ? (original.get(id) ?? guesses.get(id)) : base(id));
}

/** Tells `onDrift` when the drifting lookup changes this plan step's action. */
function report(
  options: DriftingOptions,
  ctx: FollowerContext,
  base: FactLookup,
  drifted: FactLookup,
  forgetting: boolean,
): void {
  if (!options.onDrift) return;
  const step = ctx.task.plan[ctx.planIndex];
  if (!step) return;
  const intended = resolvePlanStep(step, base);
  const taken = resolvePlanStep(step, drifted);
  // Both come from the same step template, so their keys are in the same order.
  if (JSON.stringify(intended) === JSON.stringify(taken)) return;
  options.onDrift({
    step: ctx.observation.step + 1,
    role: ctx.role,
    planIndex: ctx.planIndex,
    intended,
    taken,
    reason: forgetting ? 'forgot' : 'ignored-user',
  });
}
