/**
 * `follow-plan`: the next step of the privileged plan that belongs to this role, filled with the
 * values it knows; after the plan, finish or hand over to a role that may. The last rule: it
 * always decides.
 */
import { type PlanStep, type Task, resolvePlanStep } from '../../../src/public/authoring.js';
import type { HandoffMessage } from '../../../src/public/index.js';
import { factsInText, messageText } from '../../../src/public/metrics.js';
import { knownFacts } from '../../follower-memory.js';
import { followerContext, lookupFor, withFallback } from '../context.js';
import { endOfPlan } from '../finishing.js';
import { carryNotes } from '../injections.js';
import { settle } from '../settle.js';
import type { FinalRule, Turn } from '../types.js';

/** Takes the role's next plan step (never passes). */
export const followPlan: FinalRule = {
  name: 'follow-plan',
  decide(turn) {
    const { task, playbook, memory, obs, behaviour } = turn;
    while (playbook.cursor < task.plan.length) {
      const index = playbook.cursor;
      const step = task.plan[index] as PlanStep;
      if (step.role !== obs.role) {
        // Control came back to this role earlier than the plan says: skip to this role's next step.
        const next = task.plan.findIndex((s, i) => i >= index && s.role === obs.role);
        if (next < 0) break;
        playbook.cursor = next;
        continue;
      }
      playbook.cursor = index + 1;
      // A team that does not verify skips its checks.
      if (behaviour.verify === false && isVerification(step)) continue;
      if (memory.checking) settle(memory);
      const action = resolvePlanStep(step, lookupFor(turn, index));
      if (action === null) continue;
      memory.pendingLearn = step.learn ?? null;
      if (action.type === 'tool') {
        playbook.executed.set(index, obs.role);
        playbook.inFlight.set(obs.role, index);
        return { action: withFallback(memory, action), fromPlan: true };
      }
      if (action.type === 'handoff') {
        if (obs.request !== null) recordSent(turn, action.message);
        const sent = behaviour.obeyInjections ? carryNotes(memory, action) : action;
        return {
          action: behaviour.handoff ? behaviour.handoff(sent, followerContext(turn, index)) : sent,
          fromPlan: false,
        };
      }
      return { action, fromPlan: false };
    }
    return { action: endOfPlan(task, obs), fromPlan: false };
  },
};

/** A check: a step marked as verification, or any tool step of the reviewer. */
function isVerification(step: PlanStep): boolean {
  return step.verification === true || (step.role === 'reviewer' && step.action.type === 'tool');
}

/** The entry role remembers which values it briefed the team with (to notice later changes). */
function recordSent(turn: Turn, message: HandoffMessage): void {
  const facts: Task<unknown>['facts'] = turn.task.facts;
  const known = knownFacts(facts, turn.memory, turn.obs);
  for (const id of factsInText(facts, messageText(message))) {
    const value = known.get(id);
    if (value !== undefined) turn.memory.sentValues.set(id, value);
  }
}
