/**
 * What every step helper of the team transition receives, and the tail they all share: apply an
 * outcome to the acting role, re-read the ledger when the world changed, attach what the fault
 * plan did, and grade a terminal state.
 */
import { castDraft, produce, type Draft } from 'immer';
import type { Transition } from '../../core/env.js';
import { FaultlineError } from '../../core/errors.js';
import { describeAction, type Action } from '../actions.js';
import { factsInText } from '../handoff-audit.js';
import { breachesBetween, evaluateLedger } from '../ledger.js';
import type { StepEvent } from '../events.js';
import { gradeTeamState } from '../grade.js';
import { INBOX_LIMIT, type InboxMessage, type LastResult, type RoleState, type TeamState } from '../state.js';
import type { TaskFamily, ToolOutcome } from '../world.js';
import type { FaultState, FiredPerturbation, PerturbationEngine } from '../perturbation.js';

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
  /** Further changes to the next state (e.g. a counter). */
  readonly extra?: (draft: Draft<TeamState<W>>) => void;
  /** Further fields of the step's event (e.g. the user's answer to an ask). */
  readonly event?: Pick<StepEvent, 'answer'>;
}

/**
 * Puts a message in a role's inbox (keeping the newest {@link INBOX_LIMIT}) and marks the facts it
 * carried as known to that role: how both handoffs and the user's messages arrive.
 */
export function deliver(role: Draft<RoleState>, message: InboxMessage, carried: readonly string[]): void {
  role.inbox.push(castDraft(message));
  if (role.inbox.length > INBOX_LIMIT) role.inbox.splice(0, role.inbox.length - INBOX_LIMIT);
  for (const f of carried) if (!role.known.includes(f)) role.known.push(f);
}

/** The draft of a role's state; every acting or addressed role has one from reset on. */
export function roleDraft<W>(draft: Draft<TeamState<W>>, role: string): Draft<RoleState> {
  const r = draft.roles[role];
  if (!r)
    throw new FaultlineError(`The team state has no role "${role}" (roles: ${Object.keys(draft.roles).join(', ')}).`);
  return r;
}

/** Applies a tool call's (or a simple action's) outcome to the acting role and the world. */
export function outcomeStep<W>(input: StepInput<W>, o: OutcomeInput<W>): Transition<TeamState<W>> {
  const { state, role, step, family } = input;
  const { action, outcome } = o;
  const newWorld = outcome.world;
  const worldChanged = newWorld !== undefined && newWorld !== state.world;
  const seen = outcome.ok ? factsSeen(state, role, outcome.result) : [];
  const next = produce(state, (d) => {
    d.t = step;
    d.clock += Math.max(1, o.ticks);
    // worldChanged implies the tool returned a world.
    if (worldChanged) d.world = newWorld as Draft<TeamState<W>>['world'];
    if (!outcome.ok) d.counters.toolErrors += 1;
    const r = roleDraft(d, role);
    r.actions += 1;
    r.last = castDraft(lastResult(action, outcome));
    for (const f of seen) r.known.push(f);
    o.extra?.(d);
  });
  const ledger = worldChanged
    ? evaluateLedger(family.world, next.task.constraints, next.world, next.task.world, null, false)
    : next.ledger;
  const breaches =
    ledger === next.ledger ? [] : breachesBetween(next.task.constraints, next.ledger, ledger, step, role);
  const withLedger =
    ledger === next.ledger
      ? next
      : produce(next, (d) => {
          d.ledger = ledger;
          if (breaches.length > 0) d.breaches = [...(d.breaches ?? []), ...breaches];
        });
  const event: StepEvent = {
    step,
    clock: withLedger.clock,
    role,
    kind: action.type,
    action,
    ok: outcome.ok,
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.reads?.length ? { reads: outcome.reads } : {}),
    ...(outcome.writes?.length ? { writes: outcome.writes } : {}),
    ...o.event,
    ledger,
  };
  return endStep(input, withLedger, event, false);
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
  const final =
    scratch.faults === state.faults ? state : produce(state, (d) => void (d.faults = castDraft(scratch.faults)));
  const event: StepEvent =
    scratch.fired.length > 0 || scratch.userMessage
      ? {
          ...event0,
          ...(scratch.fired.length ? { perturbations: scratch.fired } : {}),
          ...(scratch.userMessage ? { userMessage: scratch.userMessage } : {}),
        }
      : event0;
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
  return factsInText(unknown, typeof result === 'string' ? result : JSON.stringify(result));
}

function lastResult<W>(action: Action, outcome: ToolOutcome<W>): LastResult {
  return outcome.ok
    ? { action: describeAction(action), ok: true, result: outcome.result ?? null }
    : { action: describeAction(action), ok: false, error: outcome.error ?? { code: 'error', message: 'failed' } };
}
