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

/** One step of the event log. */
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
