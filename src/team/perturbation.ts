/**
 * The perturbation vocabulary the team env understands, and the hooks through which a fault plan
 * acts on an episode. The catalog, profiles and plans live in `src/perturb`; the team model only
 * knows this interface, so the layers stay one-directional (team ← perturb).
 *
 * A fault plan is a function of (seed, profile) alone: it is made once at reset, stored in the
 * episode state, recorded with the episode, and each planned perturbation fires at most where
 * its trigger says.
 */
import * as z from 'zod';
import type { HandoffMessage } from './actions.js';
import type { Rng } from '../core/rng.js';
import type { Task, ToolOutcome, World } from './world.js';

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
  /**
   * For a tool fault: true when the call it caught is off the task's path — no write, no read the
   * task learns a fact from or edits on (see `src/perturb/path.ts`). Recovery rates leave it out.
   */
  readonly offPath?: true;
  /** A human-readable account. */
  readonly detail: string;
}

/** The perturbation state of an episode, kept in the team state (plain JSON, small). */
export interface FaultState {
  readonly profile: string;
  readonly plan: readonly PlannedPerturbation[];
  /** Ids of one-shot perturbations that have fired. */
  readonly fired: readonly string[];
  /** Matching-call counters, keyed `tool|entity`, only for keys some trigger watches. */
  readonly counts: Readonly<Record<string, number>>;
  /** Tools blocked until a virtual time (rate limits), keyed by tool. */
  readonly blockedUntil: Readonly<Record<string, number>>;
  /**
   * Calls on the task's path that a tool fault made fail and that the same role has not made
   * succeed since (the same call, or its documented fallback). The grade fails an episode that ends with any: the
   * task needed that call. Absent until one fails.
   */
  readonly open?: readonly OpenFault[];
}

/** A call on the task's path that a fault made fail, still waiting for a successful retry. */
export interface OpenFault {
  /** The perturbation that made it fail. */
  readonly id: string;
  /** The role whose call failed: only its own successful retry settles it. */
  readonly role: string;
  readonly tool: string;
  /** The documented fallback that may stand in for the tool. */
  readonly fallback?: string;
  /** Which call of the tool: its entity, else its arguments (`pathKey` in `src/perturb/path.ts`). */
  readonly key: string;
}

/** A tool call as the perturbation hooks see it. */
export interface CallContext {
  readonly step: number;
  readonly clock: number;
  readonly role: string;
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The entity the call addresses (e.g. a file path), if any. */
  readonly entity: string | undefined;
  readonly readOnly: boolean;
  /** Whether the acting role holds the tool (faults only act on calls that would run). */
  readonly allowed: boolean;
}

/** A hook's result: what it changed, the new fault state, what fired. */
export interface HookResult<T> {
  readonly value: T;
  readonly faults: FaultState;
  readonly fired: readonly FiredPerturbation[];
}

/** The zod schema of a planned perturbation, for explicit fault plans passed to `reset`. */
export const PlannedPerturbationSchema = z
  .object({
    id: z.string().min(1).max(32),
    type: z.string().min(1).max(64),
    kind: z.enum(['tool', 'data', 'instruction', 'team']),
    site: z.enum(['tool-call', 'tool-result', 'request', 'handoff', 'memory', 'user']),
    recovery: z.enum(['retry', 'wait', 'fallback', 'clarify', 'verify', 'escalate', 'ignore']),
    trigger: z.union([
      z.object({ on: z.literal('reset') }),
      z.object({
        on: z.literal('call'),
        tool: z.string(),
        nth: z.number().int().min(1),
        entity: z.string().optional(),
      }),
      z.object({ on: z.literal('handoff'), nth: z.number().int().min(1) }),
      z.object({ on: z.literal('step'), step: z.number().int().min(1), role: z.string().optional() }),
    ]),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();

/** What happens at the start of a step, before the action is applied. */
export interface StepEffects {
  /** A message from the simulated user to deliver to a role's inbox. */
  readonly userMessage?: { readonly to: string; readonly message: HandoffMessage };
  /** A role whose memory (inbox, last result) is wiped: it restarts. */
  readonly restart?: string;
  /** The task as it stands from now on (a requirement changed: new fact value, new constraint parameters). */
  readonly task?: Task<unknown>;
}

/**
 * The seam between the team model and `src/perturb`: planning at reset and the hooks at each
 * site. Every method is pure.
 */
export interface PerturbationEngine {
  /** The registered profiles, sorted by id. */
  profiles(): ReadonlyArray<{ readonly id: string; readonly description: string }>;
  hasProfile(id: string): boolean;
  /** Whether a perturbation type exists (for explicit fault plans). */
  hasPerturbation(type: string): boolean;
  /** The fault plan for a task: a function of (seed → task, rng, profile) alone. */
  plan(profile: string, task: Task<unknown>, world: World<unknown>, rng: Rng): PlannedPerturbation[];
  /** Applies reset-site perturbations (e.g. an ambiguous request). */
  atReset(task: Task<unknown>, faults: FaultState): HookResult<Task<unknown>>;
  /** May replace a tool call's outcome (a tool fault). `value` is null when the call runs normally. */
  beforeCall(call: CallContext, faults: FaultState): HookResult<ToolOutcome<unknown> | null>;
  /** May change a tool call's outcome (a corrupted result). */
  afterCall(call: CallContext, outcome: ToolOutcome<unknown>, faults: FaultState): HookResult<ToolOutcome<unknown>>;
  /** May change a handoff message in transit. */
  onHandoff(
    ctx: {
      readonly step: number;
      readonly from: string;
      readonly to: string;
      readonly nth: number;
      readonly task: Task<unknown>;
    },
    message: HandoffMessage,
    faults: FaultState,
  ): HookResult<HandoffMessage>;
  /** Effects at the start of a step (user messages, restarts). */
  beforeStep(
    ctx: { readonly step: number; readonly clock: number; readonly active: string; readonly task: Task<unknown> },
    faults: FaultState,
  ): HookResult<StepEffects>;
}

/** The fault state of an unperturbed episode. */
export function cleanFaultState(): FaultState {
  return { profile: 'clean', plan: [], fired: [], counts: {}, blockedUntil: {} };
}
