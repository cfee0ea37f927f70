/**
 * A scripted team that follows the task's privileged plan. It is the oracle, and — with one of
 * its behaviours changed through {@link PlanFollowerBehaviour} — each flawed reference team.
 *
 * Scripted roles know only what an LLM in their seat would know: the entry role knows the facts
 * stated in the request, every role knows what its inbox carried and what it learned from its
 * own tool results (`PlanStep.learn`). A fact it never got is replaced by the fact's `guess`, so
 * a lost fact changes what the team does, exactly as it would for an LLM team.
 */
import type { Action } from '../src/team/actions.js';
import type { Agent, EpisodeStart } from '../src/team/agent.js';
import type { TeamObservation } from '../src/team/observation.js';
import { partialKnowledge, resolvePlanStep, type FactLookup } from '../src/team/plan.js';
import { factsInText } from '../src/team/handoff-audit.js';
import type { Fact, FactExtraction, PlanStep, Task } from '../src/team/world.js';
import { factsFromInbox } from './knowledge.js';

/** The knobs that turn the oracle into a flawed team. Defaults give the oracle. */
export interface PlanFollowerBehaviour {
  /**
   * Rewrites an outgoing handoff (e.g. drops facts). Receives the resolved action.
   * @defaultValue identity
   */
  readonly handoff?: (action: Extract<Action, { type: 'handoff' }>, ctx: FollowerContext) => Action;
  /**
   * The fact lookup a role uses at a given plan position (e.g. forgets facts late).
   * @defaultValue what the role knows, falling back on guesses
   */
  readonly lookup?: (base: FactLookup, ctx: FollowerContext) => FactLookup;
}

/** What a behaviour hook knows about the moment it is called. */
export interface FollowerContext {
  readonly role: string;
  readonly observation: TeamObservation;
  readonly task: Task<unknown>;
  /** Index of the plan step being executed. */
  readonly planIndex: number;
  readonly start: EpisodeStart;
}

/** Shared per-episode progress through the plan (the roles take turns, so one cursor suffices). */
interface Playbook {
  cursor: number;
}

/** One scripted role's private memory. */
interface RoleMemory {
  /** Facts learned from this role's own tool results. */
  readonly learned: Map<string, string>;
  /** The plan step whose result arrives with the next observation. */
  pendingLearn: readonly FactExtraction[] | null;
}

/**
 * The playbook of each episode. Keyed by the episode's start object, so an agent re-created after a
 * restart (memory loss) rejoins the team's progress but not its own memory.
 */
const playbooks = new WeakMap<EpisodeStart, Playbook>();

/** Creates the agents of a plan-following team for one episode. */
export function createPlanFollowers(start: EpisodeStart, behaviour: PlanFollowerBehaviour = {}): Record<string, Agent> {
  const task = start.privileged;
  if (!task) throw new Error('plan-following teams need the privileged task; declare the team with privileged: true');
  let playbook = playbooks.get(start);
  if (!playbook) {
    playbook = { cursor: 0 };
    playbooks.set(start, playbook);
  }
  const shared = playbook;
  const agents: Record<string, Agent> = {};
  for (const role of start.roles) {
    const memory: RoleMemory = { learned: new Map(), pendingLearn: null };
    agents[role.id] = { act: (obs) => nextAction(task, shared, memory, obs, start, behaviour) };
  }
  return agents;
}

function nextAction(task: Task<unknown>, playbook: Playbook, memory: RoleMemory, obs: TeamObservation, start: EpisodeStart, behaviour: PlanFollowerBehaviour): Action {
  const role = obs.role;
  absorbResult(memory, obs);
  const base = knowledgeOf(task.facts, memory, obs);
  while (playbook.cursor < task.plan.length) {
    const index = playbook.cursor;
    const step = task.plan[index] as PlanStep;
    if (step.role !== role) {
      // Control came back to this role earlier than the plan says: skip to this role's next step.
      const next = task.plan.findIndex((s, i) => i >= index && s.role === role);
      if (next < 0) break;
      playbook.cursor = next;
      continue;
    }
    const ctx: FollowerContext = { role, observation: obs, task, planIndex: index, start };
    const lookup = behaviour.lookup ? behaviour.lookup(base, ctx) : base;
    const action = resolvePlanStep(step, lookup);
    playbook.cursor = index + 1;
    if (action === null) continue;
    memory.pendingLearn = step.learn ?? null;
    if (action.type === 'handoff' && behaviour.handoff) return behaviour.handoff(action, ctx);
    return action;
  }
  return endOfPlan(task, obs);
}

/** Learns the facts the previous step promised, from the result now in the observation. */
function absorbResult(memory: RoleMemory, obs: TeamObservation): void {
  const pending = memory.pendingLearn;
  memory.pendingLearn = null;
  if (!pending || !obs.last?.ok) return;
  const text = typeof obs.last.result === 'string' ? obs.last.result : JSON.stringify(obs.last.result);
  for (const { fact, pattern } of pending) {
    const m = new RegExp(pattern).exec(text);
    if (m?.[1] !== undefined) memory.learned.set(fact, m[1]);
  }
}

/** After the plan: a role that may finish does; others hand control to one that may. */
function endOfPlan(task: Task<unknown>, obs: TeamObservation): Action {
  if (obs.canFinish) return { type: 'finish', status: 'done', answer: 'Done.' };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  if (finisher) return { type: 'handoff', to: finisher.id, message: { text: 'My part of the plan is complete.' } };
  return { type: 'wait', ticks: 1 };
}

/** What a role knows: the request (entry role), its inbox, and what it learned from results. */
function knowledgeOf(facts: readonly Fact[], memory: RoleMemory, obs: TeamObservation): FactLookup {
  const known = factsFromInbox(facts, obs.inbox);
  if (obs.request !== null) {
    const byId = new Map(facts.map((f) => [f.id, f.value]));
    for (const id of factsInText(facts, obs.request)) known.set(id, byId.get(id) as string);
  }
  for (const [id, value] of memory.learned) known.set(id, value);
  return partialKnowledge(facts, known);
}
