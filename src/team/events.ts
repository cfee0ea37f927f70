/**
 * The event log: one record per step, built by the env from its own ground truth. The metrics
 * (intent ledger curves, handoff audit, taint, recovery) are all computed from these records.
 */
import type { Action } from './actions.js';
import type { HandoffAudit } from './handoff-audit.js';
import type { LedgerString } from './state.js';
import type { ToolError } from './world.js';
import type { FiredPerturbation } from './perturbation.js';

/** What kind of step this was. `invalid` is an action that failed validation. */
export type StepKind = Action['type'] | 'invalid';

/**
 * One step of the event log. An env's events carry every field, those a step lacks set to
 * `undefined` (see {@link stepEvent}); an event read back from a trajectory file has only the
 * fields its step has. Test a field with `!== undefined`, not `in`.
 */
export interface StepEvent {
  /** 1-based step number. */
  readonly step: number;
  /** Virtual time after the step. */
  readonly clock: number;
  /** The role that acted. */
  readonly role: string;
  readonly kind: StepKind;
  /** The validated action (null when invalid). */
  readonly action: Action | null;
  readonly ok: boolean;
  readonly error?: ToolError;
  /** Entities read / written by a tool call. */
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  /** The audit of a handoff step. */
  readonly handoff?: HandoffAudit;
  /** Perturbations that fired during this step. */
  readonly perturbations?: readonly FiredPerturbation[];
  /**
   * The simulated user's answer to an `ask`, when it states the canonical value of some fact:
   * the asker holds those facts from then on. (An answer that states none is not recorded: it
   * changes no one's knowledge.)
   */
  readonly answer?: { readonly text: string; readonly facts: readonly string[] };
  /** Messages the simulated user sent at this step (e.g. a change of requirement). */
  readonly userMessage?: { readonly to: string; readonly text: string };
  /** Constraint statuses after the step (one char per constraint: S, P or V). */
  readonly ledger: LedgerString;
}

/** The fields of a step's event that only some steps have. */
export type StepEventParts = Pick<
  StepEvent,
  'error' | 'reads' | 'writes' | 'handoff' | 'answer' | 'perturbations' | 'userMessage'
>;

const NO_PARTS: StepEventParts = {};

/**
 * Builds a step's event. Every event has every field, in one order, those it lacks set to
 * `undefined`, which JSON, canonical JSON and so the trajectory file leave out: the bytes are those
 * of an event built with its own fields only. Why: events built with only their own fields came in
 * a dozen object shapes, so the metrics that read every event of an episode met a new shape now
 * and then, and V8 threw their optimised code away and compiled them again, several times per
 * process.
 */
export function stepEvent(
  step: number,
  clock: number,
  role: string,
  kind: StepKind,
  action: Action | null,
  ok: boolean,
  ledger: LedgerString,
  parts: StepEventParts = NO_PARTS,
): StepEvent {
  return {
    step,
    clock,
    role,
    kind,
    action,
    ok,
    error: parts.error,
    reads: parts.reads,
    writes: parts.writes,
    handoff: parts.handoff,
    answer: parts.answer,
    ledger,
    perturbations: parts.perturbations,
    userMessage: parts.userMessage,
  };
}
