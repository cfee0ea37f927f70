/**
 * The state of a team episode: the task (data), the world, whose turn it is, and what each role
 * has seen. Everything is plain JSON so snapshots serialize and replay exactly.
 */
import type { BaseState } from '../core/env.js';
import type { HandoffMessage } from './actions.js';
import type { Task, ToolError } from './world.js';
import type { FaultState, FiredPerturbation } from './perturbation.js';
import type { InvariantBreach } from './ledger.js';

/** A handoff as the receiving role sees it. */
export interface InboxMessage {
  readonly from: string;
  readonly step: number;
  readonly message: HandoffMessage;
}

/** The result of a role's own last action, shown in its next observation. */
export interface LastResult {
  /** One-line description of the action, e.g. `read_file({"path":"a.ts"})`. */
  readonly action: string;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: ToolError;
}

/** Per-role view state. */
export interface RoleState {
  /** Handoffs received, oldest first (the last {@link INBOX_LIMIT} are kept). */
  readonly inbox: readonly InboxMessage[];
  readonly last: LastResult | null;
  /** Fact ids this role has been told (via the request or a handoff) or has seen in a tool's result. */
  readonly known: readonly string[];
  /** Actions this role has taken. */
  readonly actions: number;
  /** True from a restart (memory loss) until the role next acts. */
  readonly restarted?: boolean;
}

/** How a role finished the episode. */
export interface FinishRecord {
  readonly role: string;
  readonly status: 'done' | 'gave_up';
  readonly answer: string | null;
  readonly step: number;
}

/** Counters kept over the episode. */
export interface EpisodeCounters {
  readonly handoffs: number;
  readonly invalidActions: number;
  readonly toolErrors: number;
  readonly asks: number;
}

/**
 * Per-constraint status, one character per constraint in task order:
 * `S` satisfied, `P` pending (a goal not met yet), `V` violated.
 */
export type LedgerString = string;

/** The full state of a team episode. */
export interface TeamState<W = unknown> extends BaseState {
  readonly envId: string;
  readonly task: Task<W>;
  readonly world: W;
  /** Virtual time in ticks. */
  readonly clock: number;
  /** The role whose turn it is. */
  readonly active: string;
  readonly roles: Readonly<Record<string, RoleState>>;
  readonly ledger: LedgerString;
  /**
   * Every time an invariant was broken, in step order (absent until the first one): grading
   * the final state alone would miss a forbidden change that was later reverted.
   */
  readonly breaches?: readonly InvariantBreach[];
  readonly finished: FinishRecord | null;
  readonly counters: EpisodeCounters;
  /** The fault plan and its progress. */
  readonly faults: FaultState;
  /** Perturbations that acted on the reset itself (e.g. on the request). */
  readonly atReset: readonly FiredPerturbation[];
}

/** How many inbox messages a role keeps. */
export const INBOX_LIMIT = 20;
