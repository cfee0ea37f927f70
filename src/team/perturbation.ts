/**
 * The perturbation vocabulary the team env understands, and the hooks through which a fault plan
 * acts on an episode. The catalog, profiles and plans live in `src/perturb`; the team model only
 * knows this interface, so the layers stay one-directional (team ← perturb).
 *
 * A fault plan is a function of (seed, profile) alone: it is made once at reset, stored in the
 * episode state, recorded with the episode, and each planned perturbation fires at most where
 * its trigger says.
 */
import type { HandoffMessage } from './actions.js';
import type { Task, ToolOutcome } from './world.js';

/** What a correct team does after a perturbation. */
export type RecoveryLabel = 'retry' | 'wait' | 'fallback' | 'clarify' | 'verify' | 'escalate' | 'ignore';

/** The families of perturbations. */
export type PerturbationKind = 'tool' | 'data' | 'instruction' | 'team';

/** Where a perturbation acts. */
export type PerturbationSite = 'tool-call' | 'tool-result' | 'request' | 'handoff' | 'memory' | 'user';

/** When a planned perturbation fires. Call counts are per matching (tool, entity), 1-based. */
export type Trigger =
  | { readonly on: 'reset' }
  | { readonly on: 'call'; readonly tool: string; readonly nth: number; readonly entity?: string }
  | { readonly on: 'handoff'; readonly nth: number }
  | { readonly on: 'step'; readonly step: number; readonly role?: string };

/** One entry of a fault plan. */
export interface PlannedPerturbation {
  /** Unique within the plan, e.g. `p1`. */
  readonly id: string;
  /** The catalog id, e.g. `transient-error`. */
  readonly type: string;
  readonly kind: PerturbationKind;
  readonly site: PerturbationSite;
  readonly recovery: RecoveryLabel;
  readonly trigger: Trigger;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A perturbation that fired, as recorded in the step's event (or in the reset info). */
export interface FiredPerturbation {
  readonly id: string;
  readonly type: string;
  readonly kind: PerturbationKind;
  readonly site: PerturbationSite;
  readonly recovery: RecoveryLabel;
  /** The step at which it fired (0 for reset). */
  readonly step: number;
  /** The role that met it (the entry role for request perturbations). */
  readonly role: string;
  /** Entities whose data it changed or whose call it failed (for taint and recovery). */
  readonly entities?: readonly string[];
  /** Facts whose value it hid, changed or dropped. */
  readonly facts?: readonly string[];
  /** For tool-site faults: the tool whose call was affected. */
  readonly tool?: string;
  /** A human-readable account. */
  readonly detail: string;
}
