/**
 * A `finish` action: only a role that may finish ends the episode; the final ledger is read with
 * the answer, and the terminal state is graded once, in {@link endStep}.
 */
import type { Transition } from '../../core/env.js';
import { describeAction, type Action } from '../actions.js';
import { evaluateLedger } from '../ledger.js';
import { stepEvent } from '../events.js';
import type { TeamState } from '../state.js';
import type { ToolError } from '../world.js';
import { endStep, outcomeStep, type StepInput } from './input.js';
import { nextRole, nextState, roleOf, withRoles } from './next-state.js';
import { roleSpecOf } from '../role-spec.js';

/** Applies a `finish` action. */
export function finishStep<W>(
  input: StepInput<W>,
  action: Extract<Action, { type: 'finish' }>,
): Transition<TeamState<W>> {
  const { family, state, role, step } = input;
  const spec = roleSpecOf(state.task.roles, role);
  if (!spec?.canFinish) {
    const finishers = state.task.roles.filter((r) => r.canFinish).map((r) => r.id);
    const error: ToolError = {
      code: 'forbidden_finish',
      message: `The ${role} may not finish the episode. Hand off to ${finishers.join(' or ')} to finish.`,
    };
    return outcomeStep(input, { action, outcome: { ok: false, error }, ticks: 1 });
  }
  const answer = action.answer ?? null;
  const ledger = evaluateLedger(family.world, state.task.constraints, state.world, state.task.world, answer, true);
  const r = roleOf(state, role);
  const next = nextState(state, {
    t: step,
    clock: state.clock + 1,
    ledger,
    finished: { role, status: action.status, answer, step },
    roles: withRoles(state.roles, {
      [role]: nextRole(r, {
        actions: r.actions + 1,
        last: { action: describeAction(action), ok: true, result: 'episode finished' },
      }),
    }),
  });
  const event = stepEvent(step, next.clock, role, 'finish', action, true, ledger);
  return endStep(input, next, event, true);
}
