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

/** The grade of a finished (or cut-off) episode. */
export interface Grade {
  /** All constraints satisfied and the team finished with status `done`. */
  readonly success: boolean;
  /** Fraction of constraints satisfied. */
  readonly score: number;
  readonly satisfied: readonly string[];
  readonly violated: readonly string[];
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

/** Builds a {@link Grade} from a final ledger string. */
export function gradeFromLedger(
  constraints: readonly Constraint[],
  ledger: LedgerString,
  finishStatus: Grade['finishStatus'],
  collateral: readonly string[],
): Grade {
  const satisfied: string[] = [];
  const violated: string[] = [];
  constraints.forEach((c, i) => (ledger[i] === 'S' ? satisfied : violated).push(c.id));
  const score = constraints.length === 0 ? 0 : satisfied.length / constraints.length;
  return {
    success: finishStatus === 'done' && violated.length === 0 && constraints.length > 0,
    score,
    satisfied,
    violated,
    collateral,
    finishStatus,
  };
}
