/**
 * What every step helper of the team transition receives, and the tail they all share: apply an
 * outcome to the acting role, re-read the ledger when the world changed, attach what the fault
 * plan did, and grade a terminal state.
 */
import type { Transition } from '../../core/env.js';
import { describeAction, type Action } from '../actions.js';
import { factsInText, resultText } from '../handoff-audit.js';
import { breachesBetween, evaluateLedger } from '../ledger.js';
import { stepEvent, type StepEvent } from '../events.js';
import { gradeTeamState } from '../grade.js';
import type { LastResult, TeamState } from '../state.js';
import { nextRole, nextState, roleOf, withRoles, type RolePatch, type StatePatch } from './next-state.js';
import type { TaskFamily, ToolOutcome } from '../world.js';
import type { FaultState, FiredPerturbation, PerturbationEngine } from '../perturbation.js';

/** `T` with its fields writable, for an event built field by field. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the fault plan did during the step being built (filled in as the hooks run). */
export interface Scratch {
  faults: FaultState;
  readonly fired: FiredPerturbation[];
  userMessage?: { to: string; text: string };
}

/** The inputs of one step: who acts, on what state, under which fault plan. */
export interface StepInput<W> {
  readonly family: TaskFamily<W>;
  /** The engine acting on this step: null when the episode's fault plan is empty. */
  readonly engine: PerturbationEngine | null;
  /** The state after the start-of-step effects (restarts, user messages), before the action. */
  readonly state: TeamState<W>;
  /** The acting role. */
  readonly role: string;
  /** The 1-based number of this step. */
  readonly step: number;
  readonly scratch: Scratch;
}

/** An action's outcome, to be applied by {@link outcomeStep}. */
export interface OutcomeInput<W> {
  readonly action: Action;
  readonly outcome: ToolOutcome<W>;
  /** Virtual ticks the action took (at least 1 is charged). */
  readonly ticks: number;
  /** Further changes to the next state (e.g. a counter), written into its patch. */
  readonly extra?: (patch: StatePatch<W>, state: TeamState<W>) => void;
  /** Further fields of the step's event (e.g. the user's answer to an ask). */
  readonly event?: Pick<StepEvent, 'answer'>;
}

/** Applies a tool call's (or a simple action's) outcome to the acting role and the world. */
export function outcomeStep<W>(input: StepInput<W>, o: OutcomeInput<W>): Transition<TeamState<W>> {
  const { state, role, step, family } = input;
  const { action, outcome } = o;
  const newWorld = outcome.world;
  const worldChanged = newWorld !== undefined && newWorld !== state.world;
  const seen = outcome.ok ? factsSeen(state, role, outcome.result) : [];
  const before = roleOf(state, role);
  // Optional fields are assigned, not spread in: `...(cond ? { k } : {})` in a literal costs about
  // five times as much on Node 20, and this runs every step. Keys keep the order they had.
  const rolePatch: RolePatch = { actions: before.actions + 1, last: lastResult(action, outcome) };
  if (seen.length > 0) rolePatch.known = [...before.known, ...seen];
  const acted = nextRole(before, rolePatch);
  const patch: StatePatch<W> = {
    t: step,
    clock: state.clock + Math.max(1, o.ticks),
    roles: withRoles(state.roles, { [role]: acted }),
  };
  if (worldChanged) patch.world = newWorld;
  if (!outcome.ok) patch.counters = { ...state.counters, toolErrors: state.counters.toolErrors + 1 };
  o.extra?.(patch, state);
  // The ledger only moves when the world does.
  if (worldChanged) {
    const ledger = evaluateLedger(family.world, state.task.constraints, newWorld, state.task.world, null, false);
    if (ledger !== state.ledger) {
      patch.ledger = ledger;
      const breaches = breachesBetween(state.task.constraints, state.ledger, ledger, step, role);
      if (breaches.length > 0) patch.breaches = [...(state.breaches ?? []), ...breaches];
    }
  }
  const next = nextState(state, patch);
  const event = stepEvent(step, next.clock, role, action.type, action, outcome.ok, next.ledger, {
    error: outcome.error || undefined,
    reads: outcome.reads?.length ? outcome.reads : undefined,
    writes: outcome.writes?.length ? outcome.writes : undefined,
    answer: o.event?.answer,
  });
  return endStep(input, next, event, false);
}

/**
 * Ends a step: stores the fault state, adds what fired to the event, and grades a terminal
 * state. This is the only place an episode is graded when it ends by `finish`; the episode loop
 * takes that grade from the step's info.
 */
export function endStep<W>(
  input: Pick<StepInput<W>, 'family' | 'scratch'>,
  state: TeamState<W>,
  event0: StepEvent,
  terminated: boolean,
): Transition<TeamState<W>> {
  const { scratch } = input;
  const final = scratch.faults === state.faults ? state : nextState(state, { faults: scratch.faults });
  const event = event0 as Mutable<StepEvent>;
  // The event was built for this step and is not shared yet: what fired is written into it.
  if (scratch.fired.length > 0) event.perturbations = scratch.fired;
  if (scratch.userMessage) event.userMessage = scratch.userMessage;
  const info: Record<string, unknown> = { event };
  let reward = 0;
  if (terminated) {
    const grade = gradeTeamState(input.family, final);
    info['grade'] = grade;
    reward = grade.success ? 1 : 0;
  }
  return { state: final, reward, terminated, truncated: false, info };
}

/**
 * Facts a role has now seen with its own eyes: canonical values in a result it received. Only
 * facts it did not know yet are looked for, so this costs nothing once a role knows its facts.
 */
function factsSeen(state: TeamState<unknown>, role: string, result: unknown): string[] {
  const known = state.roles[role]?.known ?? [];
  if (known.length >= state.task.facts.length || result === undefined || result === null) return [];
  const unknown = state.task.facts.filter((f) => !known.includes(f.id));
  if (unknown.length === 0) return [];
  return factsInText(unknown, resultText(result));
}

function lastResult<W>(action: Action, outcome: ToolOutcome<W>): LastResult {
  return outcome.ok
    ? { action: describeAction(action), ok: true, result: outcome.result ?? null }
    : { action: describeAction(action), ok: false, error: outcome.error ?? { code: 'error', message: 'failed' } };
}
