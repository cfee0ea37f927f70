/**
 * The shape of one entry of the perturbation catalog: where it can fire, what a correct team does
 * about it (its recovery label), how it picks a site in a task, and what it does there.
 */
import type { Rng } from '../../core/rng.js';
import type { HandoffMessage } from '../../team/actions.js';
import type {
  CallContext,
  FaultState,
  PerturbationKind,
  PerturbationSite,
  PlannedPerturbation,
  RecoveryLabel,
  StepEffects,
  Trigger,
} from '../../team/perturbation.js';
import type { Task, ToolOutcome, World } from '../../team/world.js';

/** What a perturbation sees when it picks its site. */
export interface PlanContext {
  readonly task: Task<unknown>;
  readonly world: World<unknown>;
}

/** What a hook did, in words and in terms of the entities and facts it touched. */
export interface Effect<T> {
  readonly value: T;
  readonly detail: string;
  readonly entities?: readonly string[];
  readonly facts?: readonly string[];
  /** Changes to the fault state (e.g. a rate-limit window). */
  readonly faults?: Partial<Pick<FaultState, 'blockedUntil'>>;
}

/** One kind of perturbation. Every method is pure and draws randomness only from its arguments. */
export interface PerturbationType {
  readonly id: string;
  readonly kind: PerturbationKind;
  readonly site: PerturbationSite;
  readonly recovery: RecoveryLabel;
  readonly description: string;
  /**
   * Fires on every matching call, not just once (a retired endpoint stays retired). One-shot
   * perturbations are fair by construction: the same call made again succeeds.
   * @defaultValue false
   */
  readonly persistent?: boolean;
  /** Where and when it fires in this task, or null when the task offers no fitting site. */
  plan(ctx: PlanContext, rng: Rng): { trigger: Trigger; params: Record<string, unknown> } | null;
  /** Silent set-up at reset that is not itself a perturbation (e.g. a clarification the user can give). */
  prepare?(task: Task<unknown>, p: PlannedPerturbation): Task<unknown>;
  /** Acts on the task at reset (a request site); recorded as fired. */
  atReset?(task: Task<unknown>, p: PlannedPerturbation): Effect<Task<unknown>> | null;
  beforeCall?(call: CallContext, p: PlannedPerturbation, faults: FaultState): Effect<ToolOutcome<unknown>> | null;
  afterCall?(
    call: CallContext,
    outcome: ToolOutcome<unknown>,
    p: PlannedPerturbation,
  ): Effect<ToolOutcome<unknown>> | null;
  onHandoff?(message: HandoffMessage, p: PlannedPerturbation, task: Task<unknown>): Effect<HandoffMessage> | null;
  beforeStep?(
    ctx: { step: number; clock: number; active: string; task: Task<unknown> },
    p: PlannedPerturbation,
  ): Effect<StepEffects> | null;
}
