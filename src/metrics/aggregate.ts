/**
 * Aggregating per-episode metrics into a summary cell: the rate of each failure mode and the
 * recovery breakdown. Results only, in a fixed order, rounded — equal inputs give byte-identical
 * summaries.
 */
import type { CompactMetrics } from './compact.js';
import { FAILURE_MODES, type FailureMode } from './modes.js';
import { RECOVERY_CLASSES, isHandled, leftOut, type RecoveryClass } from './recovery.js';
import { rate, type RateWithInterval } from '../stats/consistency.js';
import { round6 } from '../stats/rounding.js';

/** Fraction of episodes in which each mode occurred. */
export type FailureModeRates = Readonly<Record<FailureMode, number>>;

/** Counts of responses per recovery class. */
export type RecoveryCounts = Readonly<Record<RecoveryClass, number>>;

/**
 * How a cell's teams responded to the perturbations that fired. Tool faults that caught only
 * calls off the task's path and that the team went past are counted apart (`offPath`) and left
 * out of every other figure: the task never needed those calls, so no recovery was due.
 */
export interface RecoveryBreakdown {
  /** Perturbations fired over the cell's episodes, but those counted in `offPath`. */
  readonly fired: number;
  /** Tool faults off the task's path the team went past (not in `fired`, the classes or the rates). */
  readonly offPath: number;
  readonly classes: RecoveryCounts;
  /** The same counts per perturbation type (types sorted). */
  readonly byType: Readonly<Record<string, RecoveryCounts>>;
  /** Mean steps to recover over recoveries with a measured step count (null when none). */
  readonly meanStepsToRecover: number | null;
  /**
   * The share of fired perturbations the team handled (recovered, or asked the user), with its
   * 95% Wilson interval; overall and per type.
   */
  readonly handled: RateWithInterval;
  readonly handledByType: Readonly<Record<string, RateWithInterval>>;
}

/**
 * The failure-mode rates of a set of episodes. Episodes without metrics (records written before
 * metrics existed) are left out of the denominator; with none, every rate is 0.
 */
export function failureModeRates(metrics: readonly (CompactMetrics | undefined)[]): FailureModeRates {
  const known = metrics.filter((m): m is CompactMetrics => m !== undefined);
  const out = {} as Record<FailureMode, number>;
  for (const mode of FAILURE_MODES)
    out[mode] = known.length === 0 ? 0 : round6(known.filter((m) => m.modes.includes(mode)).length / known.length);
  return out;
}

/** The recovery breakdown of a set of episodes. */
export function recoveryBreakdown(metrics: readonly (CompactMetrics | undefined)[]): RecoveryBreakdown {
  const classes = zeroCounts();
  const byType = new Map<string, Record<RecoveryClass, number>>();
  let fired = 0;
  let offPath = 0;
  let steps = 0;
  let measured = 0;
  for (const m of metrics) {
    for (const r of m?.recovery ?? []) {
      if (leftOut(r)) {
        offPath++;
        continue;
      }
      fired++;
      classes[r.response]++;
      const perType = byType.get(r.type) ?? zeroCounts();
      perType[r.response]++;
      byType.set(r.type, perType);
      if (r.response === 'recovered' && r.steps !== null) {
        steps += r.steps;
        measured++;
      }
    }
  }
  const types = [...byType.keys()].sort();
  return {
    fired,
    offPath,
    classes,
    byType: Object.fromEntries(types.map((t) => [t, byType.get(t) as RecoveryCounts])),
    meanStepsToRecover: measured === 0 ? null : round6(steps / measured),
    handled: handledRate(classes),
    handledByType: Object.fromEntries(types.map((t) => [t, handledRate(byType.get(t) as RecoveryCounts)])),
  };
}

/** The share of classified recoveries that were handled, with its interval. */
export function handledRate(counts: RecoveryCounts): RateWithInterval {
  let n = 0;
  let handled = 0;
  for (const c of RECOVERY_CLASSES) {
    n += counts[c];
    if (isHandled(c)) handled += counts[c];
  }
  return rate(handled, n);
}

/** A count of zero for every recovery class. */
export function zeroCounts(): Record<RecoveryClass, number> {
  return Object.fromEntries(RECOVERY_CLASSES.map((c) => [c, 0])) as Record<RecoveryClass, number>;
}
