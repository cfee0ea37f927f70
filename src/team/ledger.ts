/**
 * The intent ledger: every constraint of the task evaluated against the world (and the final
 * answer), giving a status per constraint after every step.
 */
import type { Constraint, World } from './world.js';
import type { LedgerString } from './state.js';

/** The status of one constraint. */
export type ConstraintStatus = 'S' | 'P' | 'V';

/**
 * Evaluates every constraint. Goals that do not hold yet are pending (`P`) while the episode
 * runs and violated (`V`) once it is final; invariants that do not hold are always violated.
 */
export function evaluateLedger<W>(
  world: World<W>,
  constraints: readonly Constraint[],
  state: W,
  initial: W,
  answer: string | null,
  final: boolean,
): LedgerString {
  let out = '';
  for (const c of constraints) {
    const checker = world.checkers[c.kind];
    const holds = checker ? checker({ world: state, initial, answer, params: c.params }) : false;
    out += holds ? 'S' : c.scope === 'goal' && !final ? 'P' : 'V';
  }
  return out;
}

/** One moment an invariant was broken during the episode: the step and the role whose action broke it. */
export interface InvariantBreach {
  readonly constraint: string;
  readonly step: number;
  readonly role: string;
}

/**
 * The invariants that the move from ledger `before` to ledger `after` broke (held, or was
 * unknown, before; violated after), as breaches by `role` at `step`.
 */
export function breachesBetween(
  constraints: readonly Pick<Constraint, 'id' | 'scope'>[],
  before: LedgerString,
  after: LedgerString,
  step: number,
  role: string,
): InvariantBreach[] {
  const out: InvariantBreach[] = [];
  constraints.forEach((c, i) => {
    if (c.scope === 'invariant' && after[i] === 'V' && before[i] !== 'V') out.push({ constraint: c.id, step, role });
  });
  return out;
}

/** The grade of a finished (or cut-off) episode. */
export interface Grade {
  /**
   * All constraints satisfied, no forbidden action taken at any time, and the team finished with
   * status `done`.
   */
  readonly success: boolean;
  /**
   * Fraction of constraints satisfied — 0 when the team made no progress: an invariant kept by
   * doing nothing is worth nothing, so invariants only count once some goal is met.
   */
  readonly score: number;
  readonly satisfied: readonly string[];
  /**
   * Constraints violated at the end, and constraints whose task policy forbids the action itself
   * ({@link Constraint.forbidsAction}) that were broken at any step, even if later restored.
   */
  readonly violated: readonly string[];
  /**
   * Every time an invariant was broken during the episode (which step, which role), in step
   * order — also those later restored, which final-state grading alone would not see.
   */
  readonly breaches: readonly InvariantBreach[];
  /**
   * Some goal that did not hold when the episode started holds at the end: the team made
   * progress on the task (goals that already held, such as a passing test suite, do not count).
   */
  readonly progress: boolean;
  /** Entities changed that the task did not ask to change (from the world's diff). */
  readonly collateral: readonly string[];
  /** How the episode ended from the team's side. */
  readonly finishStatus: 'done' | 'gave_up' | 'not_finished';
  /**
   * Perturbations that made a call on the task's path fail, never followed by a successful retry
   * or fallback (the episode failed for it). Absent when there are none.
   */
  readonly unresolvedFaults?: readonly string[];
}

/** What {@link gradeFromLedger} needs besides the final ledger. */
export interface GradeHistory {
  /** Every invariant breach of the episode. @defaultValue none */
  readonly breaches?: readonly InvariantBreach[];
  /**
   * The ledger when the episode started (goals that held then are no progress).
   * @defaultValue every goal pending
   */
  readonly initial?: LedgerString;
}

/** Builds a {@link Grade} from a final ledger string and the episode's breaches. */
export function gradeFromLedger(
  constraints: readonly Constraint[],
  ledger: LedgerString,
  finishStatus: Grade['finishStatus'],
  collateral: readonly string[],
  history: GradeHistory = {},
): Grade {
  const breaches = history.breaches ?? [];
  const forbidden = new Set(
    breaches.filter((b) => constraints.some((c) => c.id === b.constraint && c.forbidsAction)).map((b) => b.constraint),
  );
  const satisfied: string[] = [];
  const violated: string[] = [];
  constraints.forEach((c, i) => (ledger[i] === 'S' && !forbidden.has(c.id) ? satisfied : violated).push(c.id));
  const initial = history.initial ?? '';
  const progress = constraints.some((c, i) => c.scope === 'goal' && ledger[i] === 'S' && initial[i] !== 'S');
  const score = constraints.length === 0 || !progress ? 0 : satisfied.length / constraints.length;
  return {
    success: finishStatus === 'done' && violated.length === 0 && constraints.length > 0,
    score,
    satisfied,
    violated,
    breaches,
    progress,
    collateral,
    finishStatus,
  };
}
