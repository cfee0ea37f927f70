/**
 * A scripted team that follows the task's privileged plan. It is the oracle, and — with one of
 * its behaviours changed through {@link PlanFollowerBehaviour} — each flawed reference team.
 *
 * The entry role knows every fact (it read the request). Every other role knows only what its
 * inbox carried: a fact that was never handed over is replaced by the fact's `guess`, so a lost
 * fact changes what the team does, exactly as it would for an LLM team.
 */
import type { Action } from '../src/team/actions.js';
import type { Agent, EpisodeStart } from '../src/team/agent.js';
import type { TeamObservation } from '../src/team/observation.js';
import { partialKnowledge, resolvePlanStep, type FactLookup } from '../src/team/plan.js';
import type { Fact, PlanStep, Task } from '../src/team/world.js';
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

/** Creates the agents of a plan-following team for one episode. */
export function createPlanFollowers(start: EpisodeStart, behaviour: PlanFollowerBehaviour = {}): Record<string, Agent> {
  const task = start.privileged;
  if (!task) throw new Error('plan-following teams need the privileged task; declare the team with privileged: true');
  const playbook: Playbook = { cursor: 0 };
  const agents: Record<string, Agent> = {};
  for (const role of start.roles) {
    agents[role.id] = { act: (obs) => nextAction(task, playbook, obs, start, behaviour) };
  }
  return agents;
}

function nextAction(task: Task<unknown>, playbook: Playbook, obs: TeamObservation, start: EpisodeStart, behaviour: PlanFollowerBehaviour): Action {
  const role = obs.role;
  const base = knowledgeOf(task.facts, role, task.entryRole, obs);
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
    if (action.type === 'handoff' && behaviour.handoff) return behaviour.handoff(action, ctx);
    return action;
  }
  return endOfPlan(task, obs);
}

/** After the plan: a role that may finish does; others hand control to one that may. */
function endOfPlan(task: Task<unknown>, obs: TeamObservation): Action {
  if (obs.canFinish) return { type: 'finish', status: 'done', answer: 'Done.' };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  if (finisher) return { type: 'handoff', to: finisher.id, message: { text: 'My part of the plan is complete.' } };
  return { type: 'wait', ticks: 1 };
}

/** The entry role read the request (every fact); the others know what their inbox carried. */
function knowledgeOf(facts: readonly Fact[], role: string, entryRole: string, obs: TeamObservation): FactLookup {
  if (role === entryRole && obs.request !== null) {
    const all = new Map(facts.map((f) => [f.id, f.value]));
    return (id) => all.get(id);
  }
  return partialKnowledge(facts, factsFromInbox(facts, obs.inbox));
}
