/**
 * How a role stops: giving up without claiming success, or reporting the plan done. Only roles
 * that may finish end the episode; the others pass the word to one that may.
 */
import type { Task } from '../../src/public/authoring.js';
import type { Action, TeamObservation } from '../../src/public/index.js';

/** Stops the episode without claiming success: finish if allowed, else tell a role that may. */
export function giveUp(task: Task<unknown>, obs: TeamObservation, reason: string): Action {
  if (obs.canFinish) return { type: 'finish', status: 'gave_up', answer: `Giving up: ${reason}` };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  return finisher
    ? { type: 'handoff', to: finisher.id, message: { text: `Giving up: ${reason}`, giveUp: true } }
    : { type: 'wait', ticks: 1 };
}

/** After the plan: a role that may finish does; others hand control to one that may. */
export function endOfPlan(task: Task<unknown>, obs: TeamObservation): Action {
  if (obs.canFinish) return { type: 'finish', status: 'done', answer: 'Done.' };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  if (finisher) return { type: 'handoff', to: finisher.id, message: { text: 'My part of the plan is complete.' } };
  return { type: 'wait', ticks: 1 };
}
