/**
 * `resume-interrupted-step`: once a restarted role has its brief back, it first finishes the
 * plan step the restart interrupted (the team's task board remembers it). It comes after the
 * brief is settled, so the step is filled with real values, and only once per restart.
 */
import { resolvePlanStep } from '../../../src/public/authoring.js';
import { lookupFor, withFallback } from '../context.js';
import type { Rule } from '../types.js';

/** Picks up the plan step a restart interrupted. */
export const resumeInterruptedStep: Rule = {
  name: 'resume-interrupted-step',
  decide(turn) {
    const { task, memory, obs } = turn;
    if (!memory.restarted || memory.resumed) return null;
    memory.resumed = true;
    const index = turn.playbook.inFlight.get(obs.role);
    const step = index === undefined ? undefined : task.plan[index];
    const action = step ? resolvePlanStep(step, lookupFor(turn, index as number)) : null;
    if (action && action.type === 'tool') return { action: withFallback(memory, action), fromPlan: true };
    return null;
  },
};
