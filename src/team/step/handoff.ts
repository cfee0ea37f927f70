/**
 * A handoff: audit what the message carries against what the receiver needs, let the fault plan
 * change it in transit, deliver it to the receiver's inbox and pass control.
 */
import type { Transition } from '../../core/env.js';
import { describeAction, type Action, type HandoffMessage } from '../actions.js';
import { auditHandoff, factsInText, messageText, type HandoffAudit } from '../handoff-audit.js';
import { stepEvent } from '../events.js';
import type { TeamState } from '../state.js';
import type { ToolError } from '../world.js';
import { endStep, outcomeStep, type StepInput } from './input.js';
import { delivered, nextRole, nextState, roleOf, withRoles } from './next-state.js';
import { roleSpecOf } from '../role-spec.js';

/** Applies a `handoff` action. */
export function handoffStep<W>(
  input: StepInput<W>,
  action: Extract<Action, { type: 'handoff' }>,
): Transition<TeamState<W>> {
  const { engine, state, role, step, scratch } = input;
  const target = roleSpecOf(state.task.roles, action.to);
  const receiver = target ? state.roles[target.id] : undefined;
  if (!target || !receiver || action.to === role) {
    const error: ToolError = {
      code: 'invalid_handoff',
      message: `Cannot hand off to "${action.to}"${action.to === role ? ' (that is you)' : ''}. Teammates: ${
        state.task.roles
          .filter((r) => r.id !== role)
          .map((r) => r.id)
          .join(', ') || '(none)'
      }.`,
    };
    return outcomeStep(input, { action, outcome: { ok: false, error }, ticks: 1 });
  }
  const sent = auditHandoff(state.task.facts, role, target.id, action.message, target.needs, receiver.known);
  let arriving: HandoffMessage = action.message;
  if (engine) {
    const r = engine.onHandoff(
      { step, from: role, to: target.id, nth: state.counters.handoffs + 1, task: state.task },
      action.message,
      scratch.faults,
    );
    scratch.faults = r.faults;
    scratch.fired.push(...r.fired);
    arriving = r.value;
  }
  const arrived = arriving === action.message ? sent.carried : factsInText(state.task.facts, messageText(arriving));
  const audit: HandoffAudit = arriving === action.message ? sent : { ...sent, delivered: arrived };
  const sender = roleOf(state, role);
  const next = nextState(state, {
    t: step,
    clock: state.clock + 1,
    active: target.id,
    counters: { ...state.counters, handoffs: state.counters.handoffs + 1 },
    roles: withRoles(state.roles, {
      [role]: nextRole(sender, {
        actions: sender.actions + 1,
        last: { action: describeAction(action), ok: true, result: `handed off to ${target.id}` },
      }),
      [target.id]: delivered(receiver, { from: role, step, message: arriving }, arrived),
    }),
  });
  const event = stepEvent(step, next.clock, role, 'handoff', action, true, next.ledger, { handoff: audit });
  return endStep(input, next, event, false);
}
