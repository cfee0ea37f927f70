/**
 * One step of a team episode: let the fault plan act at the start of the step, validate the
 * acting role's action and apply it (tool call, handoff, ask, wait, finish; one file per kind
 * under `step/`), and describe everything in the step's event.
 */
import type { Transition } from '../core/env.js';
import { parseAction } from './actions.js';
import { factsInText, messageText } from './handoff-audit.js';
import { evaluateLedger } from './ledger.js';
import { stepEvent } from './events.js';
import type { LastResult, RoleState, TeamState } from './state.js';
import type { Task, TaskFamily } from './world.js';
import type { PerturbationEngine } from './perturbation.js';
import { endStep, outcomeStep, type Scratch, type StepInput } from './step/input.js';
import { delivered, frozenState, nextRole, nextState, roleOf, withRoles, type StatePatch } from './step/next-state.js';
import { toolStep } from './step/tool.js';
import { handoffStep } from './step/handoff.js';
import { finishStep } from './step/finish.js';

const DEFAULT_ASK_ANSWER = 'The user says: nothing to add — please proceed with the request as written.';

/**
 * Builds the transition function of a team model, with the perturbation engine its fault plans
 * run on (null: the family runs clean only).
 */
export function teamTransition<W>(
  family: TaskFamily<W>,
  perturbations: PerturbationEngine | null,
): (state: TeamState<W>, raw: unknown) => Transition<TeamState<W>> {
  return (given, raw) => {
    const state0 = frozenState(given);
    const step = state0.t + 1;
    const engine = state0.faults.plan.length > 0 ? perturbations : null;
    const scratch: Scratch = { faults: state0.faults, fired: [] };
    // The acting role has now seen its restart notice; a restart planned for this step sets it again.
    const acting = state0.roles[state0.active];
    const seen = acting?.restarted
      ? nextState(state0, {
          roles: withRoles(state0.roles, { [state0.active]: nextRole(acting, { restarted: undefined }) }),
        })
      : state0;
    const state = engine ? beforeStep(family, engine, seen, step, scratch) : seen;
    const input: StepInput<W> = { family, engine, state, role: state.active, step, scratch };
    const parsed = parseAction(raw);
    if (!parsed.ok) return invalidStep(input, { code: parsed.problem.code, message: parsed.problem.message });
    const action = parsed.action;
    switch (action.type) {
      case 'tool':
        return toolStep(input, action);
      case 'handoff':
        return handoffStep(input, action);
      case 'ask': {
        const answer = answerQuestion(state.task, action.question);
        // The answer is part of the log so the metrics know what the asker learned from it.
        const told = factsInText(state.task.facts, answer);
        return outcomeStep(input, {
          action,
          outcome: { ok: true, result: { answer } },
          ticks: 1,
          extra: (patch, before) => {
            patch.counters = { ...(patch.counters ?? before.counters), asks: before.counters.asks + 1 };
          },
          ...(told.length > 0 ? { event: { answer: { text: answer, facts: told } } } : {}),
        });
      }
      case 'wait':
        return outcomeStep(input, {
          action,
          outcome: { ok: true, result: `waited ${action.ticks} ticks` },
          ticks: action.ticks,
        });
      case 'finish':
        return finishStep(input, action);
    }
  };
}

/** An action that failed validation: counted, shown to the role, and the turn stays with it. */
function invalidStep<W>(input: StepInput<W>, error: { code: string; message: string }): Transition<TeamState<W>> {
  const { state, role, step } = input;
  const r = roleOf(state, role);
  const next = nextState(state, {
    t: step,
    clock: state.clock + 1,
    counters: { ...state.counters, invalidActions: state.counters.invalidActions + 1 },
    roles: withRoles(state.roles, {
      [role]: nextRole(r, {
        actions: r.actions + 1,
        last: { action: 'invalid action', ok: false, error } satisfies LastResult,
      }),
    }),
  });
  return endStep(input, next, stepEvent(step, next.clock, role, 'invalid', null, false, next.ledger, { error }), false);
}

/** User messages, restarts and requirement changes planned for this step. */
function beforeStep<W>(
  family: TaskFamily<W>,
  engine: PerturbationEngine,
  state: TeamState<W>,
  step: number,
  scratch: Scratch,
): TeamState<W> {
  const r = engine.beforeStep({ step, clock: state.clock, active: state.active, task: state.task }, scratch.faults);
  scratch.faults = r.faults;
  scratch.fired.push(...r.fired);
  const { userMessage, restart, task } = r.value;
  if (!userMessage && !restart && !task) return state;
  if (userMessage) scratch.userMessage = { to: userMessage.to, text: messageText(userMessage.message) };
  const patch: StatePatch<W> = {};
  // The engine changes requirements, never the world type: the task it returns is this family's.
  if (task) patch.task = task as Task<W>;
  const roles: Record<string, RoleState> = {};
  if (restart && Object.hasOwn(state.roles, restart))
    roles[restart] = nextRole(roleOf(state, restart), { inbox: [], last: null, known: [], restarted: true });
  if (userMessage && Object.hasOwn(state.roles, userMessage.to)) {
    const facts = (task ?? state.task).facts;
    const carried = factsInText(facts, messageText(userMessage.message));
    const receiver = roles[userMessage.to] ?? roleOf(state, userMessage.to);
    roles[userMessage.to] = delivered(receiver, { from: 'user', step, message: userMessage.message }, carried);
  }
  if (Object.keys(roles).length > 0) patch.roles = withRoles(state.roles, roles);
  const next = nextState(state, patch);
  // A changed requirement changes what the constraints demand: re-read the ledger.
  if (!task) return next;
  const ledger = evaluateLedger(family.world, next.task.constraints, next.world, next.task.world, null, false);
  return ledger === next.ledger ? next : nextState(next, { ledger });
}

function answerQuestion(task: Task<unknown>, question: string): string {
  const q = question.toLowerCase();
  for (const c of task.clarifications) {
    if (c.keywords.some((k) => q.includes(k.toLowerCase()))) return c.answer;
  }
  return DEFAULT_ASK_ANSWER;
}
