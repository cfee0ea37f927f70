/**
 * The compact form of an episode's metrics stored on each line of `episodes.jsonl`: the verdict
 * and the key numbers, small enough to keep per episode and enough to aggregate a summary.
 */
import type { EpisodeMetrics } from './analyze.js';
import type { FailureMode, MastCode } from './modes.js';
import type { RecoveryClass } from './recovery.js';
import type { OnsetEvidence } from './drift.js';
import type { Stop } from './no-progress.js';
import type { InvariantBreach } from '../team/ledger.js';

/** The per-episode metrics of `episodes.jsonl`. */
export interface CompactMetrics {
  /** Modes that occurred, in report order. */
  readonly modes: readonly FailureMode[];
  readonly primary: {
    readonly mode: FailureMode;
    readonly step: number;
    readonly role: string;
    readonly mast: MastCode | null;
  } | null;
  readonly drift: {
    readonly onset: {
      readonly step: number;
      readonly role: string;
      readonly constraint: string;
      readonly evidence: OnsetEvidence;
    } | null;
    readonly locallyCorrectGloballyWrong: boolean;
    readonly newestIntentWon: boolean | null;
    /** Fraction of constraints not violated over normalized time (20 points). */
    readonly curve: readonly number[];
  };
  readonly handoff: {
    readonly handoffs: number;
    readonly required: number;
    readonly lost: number;
    readonly harmful: number;
    readonly transit: number;
    readonly misstated: number;
  };
  readonly cascade: {
    readonly sources: number;
    /** Sources that spread and were not contained. */
    readonly uncontained: number;
    /** Blast radius of the root cascade (0 when none occurred). */
    readonly roles: number;
    readonly entities: number;
    readonly steps: number;
    readonly amplification: number;
  };
  /** One entry per fired perturbation, in firing order. */
  readonly recovery: readonly {
    readonly id: string;
    readonly type: string;
    readonly label: string;
    readonly response: RecoveryClass;
    readonly steps: number | null;
    /** The fault caught only calls off the task's path (left out of recovery rates). */
    readonly offPath?: true;
  }[];
  /** Every invariant break of the episode (also those later restored). */
  readonly breaches: readonly InvariantBreach[];
  /** Where a team that made no progress stopped (null when it made progress or succeeded). */
  readonly stop: Stop | null;
  /** Injected instructions planted in content a role read, and how many were acted on. */
  readonly injection: { readonly planted: number; readonly followed: number };
}

/** Compacts an episode's metrics. */
export function compactMetrics(m: EpisodeMetrics): CompactMetrics {
  const p = m.verdict.primary;
  const o = m.drift.onset;
  const root = m.cascades.root;
  return {
    modes: m.verdict.modes,
    primary: p ? { mode: p.mode, step: p.step, role: p.role, mast: p.mast } : null,
    drift: {
      onset: o ? { step: o.step, role: o.role, constraint: o.constraint, evidence: o.evidence } : null,
      locallyCorrectGloballyWrong: m.drift.locallyCorrectGloballyWrong,
      newestIntentWon: m.drift.newestIntentWon,
      curve: m.drift.curve,
    },
    handoff: {
      handoffs: m.handoffLoss.handoffs.length,
      required: m.handoffLoss.required,
      lost: m.handoffLoss.lost,
      harmful: m.handoffLoss.harmful,
      transit: m.handoffLoss.transit,
      misstated: m.handoffLoss.misstated,
    },
    cascade: {
      sources: m.cascades.cascades.length,
      uncontained: m.cascades.cascades.filter((c) => c.occurred).length,
      roles: root ? root.trace.roles.length : 0,
      entities: root ? root.trace.entities.length : 0,
      steps: root ? root.trace.steps.length : 0,
      amplification: root ? root.amplification : 0,
    },
    recovery: m.recovery.responses.map((r) => ({
      id: r.id,
      type: r.type,
      label: r.label,
      response: r.response,
      steps: r.stepsToRecover,
      ...(r.offPath ? { offPath: r.offPath } : {}),
    })),
    breaches: m.breaches,
    stop: m.noProgress.occurred ? m.noProgress.stop : null,
    injection: { planted: m.injections.planted, followed: m.injections.followed.length },
  };
}
