/**
 * A scripted team that follows the task's privileged plan. It is the oracle, and — with one of
 * its behaviours changed through {@link PlanFollowerBehaviour} — each flawed reference team.
 *
 * Scripted roles know only what an LLM in their seat would know: the entry role knows the facts
 * stated in the request, every role knows what its inbox carried and what it learned from its
 * own results and from the user's answers. A fact it never got is replaced by the fact's
 * `guess`, so a lost fact changes what the team does, exactly as it would for an LLM team.
 *
 * The oracle also does what a correct team does under perturbations: it retries transient
 * failures, waits out rate limits, switches to documented fallbacks, re-fetches broken results,
 * asks the user about open points and to restate a lost brief, asks a teammate to resend a
 * damaged handoff, and has finished work redone when the user changes a requirement.
 *
 * Each turn, a role first takes in what its last action taught it, then asks the rules of
 * `plan-follower/rules` in order; the first that decides gives the action.
 */
import type { Action, Agent, AgentContext, EpisodeStart, TeamObservation } from '../src/public/index.js';
import { type RoleMemory, newRoleMemory } from './follower-memory.js';
import { absorb } from './plan-follower/absorb.js';
import { resultDamagedAt } from './plan-follower/faults.js';
import { recordNotesSent } from './plan-follower/injections.js';
import { RULES_BEFORE_PLAN, followPlan } from './plan-follower/rules/index.js';
import type { Choice, PlanFollowerBehaviour, Playbook, Turn } from './plan-follower/types.js';

export type { PlanFollowerBehaviour, FollowerContext } from './plan-follower/types.js';

/**
 * The playbook of each episode. Keyed by the episode's start object, so an agent re-created after
 * a restart (memory loss) rejoins the team's progress but not its own memory.
 */
const playbooks = new WeakMap<EpisodeStart, Playbook>();

/** Creates the agents of a plan-following team for one episode. */
export function createPlanFollowers(start: EpisodeStart, behaviour: PlanFollowerBehaviour = {}): Record<string, Agent> {
  const task = start.privileged?.task;
  if (!task) throw new Error('plan-following teams need the privileged task; declare the team with privileged: true');
  let playbook = playbooks.get(start);
  if (!playbook) {
    playbook = { cursor: 0, notesSent: new Map(), executed: new Map(), inFlight: new Map() };
    playbooks.set(start, playbook);
  }
  const shared = playbook;
  const agents: Record<string, Agent> = {};
  for (const role of start.roles) {
    const memory = newRoleMemory();
    agents[role.id] = {
      act: (obs, ctx: AgentContext) =>
        remember(shared, memory, obs, decide(openTurn({ task, playbook: shared, memory, obs, start, behaviour }, ctx))),
    };
  }
  return agents;
}

/** What `openTurn` needs to build a turn: the parts of a turn that do not depend on what fired. */
type TurnInput = Pick<Turn, 'task' | 'playbook' | 'memory' | 'obs' | 'start' | 'behaviour'>;

/** Takes in the last result and the new messages, and builds the turn the rules decide on. */
function openTurn(input: TurnInput, ctx: AgentContext): Turn {
  const { task, memory, obs, behaviour } = input;
  const fired = ctx.privileged?.fired ?? [];
  const resultDamaged = obs.last?.ok === true && resultDamagedAt(fired, obs.role, memory.lastStep);
  absorb(task, memory, obs, behaviour.verify !== false, resultDamaged);
  const fresh = obs.inbox.filter((m) => m.step > memory.seenStep);
  memory.seenStep = Math.max(memory.seenStep, ...obs.inbox.map((m) => m.step));
  // Field by field, not `{ ...input, fresh, … }`: V8 (Node 20) adds keys to a spread copy of an
  // unfrozen object through a slow path, 1-2 us per key (over half of the oracle's turn).
  return {
    task,
    playbook: input.playbook,
    memory,
    obs,
    start: input.start,
    behaviour,
    fresh,
    recover: behaviour.recover !== false,
    fired,
    resultDamaged,
  };
}

/** The first rule that decides; the plan when none does. */
function decide(turn: Turn): Choice {
  for (const rule of RULES_BEFORE_PLAN) {
    const choice = rule.decide(turn);
    if (choice) return choice;
  }
  return followPlan.decide(turn);
}

/** Records what the role is about to do (for retries and resends), and the notes it passes on. */
function remember(playbook: Playbook, memory: RoleMemory, obs: TeamObservation, choice: Choice): Action {
  // The action becomes the env's next step: what fires then concerns its result.
  memory.lastStep = obs.step + 1;
  recordNotesSent(playbook, choice.action, memory.lastStep);
  memory.lastAction = choice.action;
  memory.lastWasPlan = choice.fromPlan;
  if (choice.action.type === 'handoff') memory.lastHandoff = choice.action;
  return choice.action;
}
