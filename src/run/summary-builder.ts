/**
 * The summary of a run built one record at a time, so a run of any length keeps no episode record
 * in memory: each cell holds counters and sums, plus the five small fields per episode that
 * pass^k needs. Fed the records in key order it gives exactly what {@link summarize} gives for all
 * of them at once — floating-point sums (scores, costs) are added in the same order.
 */
import type { EpisodeOutcome } from '../team/episode.js';
import type { EpisodeRecord } from './records.js';
import {
  SUMMARY_OUTCOMES,
  type CellUsage,
  type RunSummary,
  type SummaryCell,
  type SummarizeOptions,
} from './summary.js';
import { compareKeys } from './episode-id.js';
import type { CompactMetrics } from '../metrics/compact.js';
import { handledRate, zeroCounts, type RecoveryBreakdown } from '../metrics/aggregate.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { leftOut, type RecoveryClass } from '../metrics/recovery.js';
import { deriveSeed, hashString } from '../core/rng.js';
import { wilson, type Interval } from '../stats/intervals.js';
import { round6, roundInterval } from '../stats/rounding.js';
import { consistencyOf, type TrialOutcome } from '../stats/consistency.js';
import { FaultlineError } from '../core/errors.js';

/** How many episodes with an error a run keeps to print (the first ones in key order). */
const ERRORS_KEPT = 5;

/** A failed episode a run's output can point at. */
export interface FailureHighlight {
  readonly id: string;
  readonly envId: string;
  readonly team: string;
  readonly seed: number;
  readonly variant: number;
  /** The world size (an entity count); absent at the family's own size. */
  readonly worldSize?: number;
  readonly trial: number;
  readonly outcome: EpisodeOutcome;
  /** The primary failure mode and where it started (null: the analysis named none). */
  readonly primary: CompactMetrics['primary'];
  /** The trajectory file, relative to the run directory. */
  readonly trajectoryFile: string;
}

/** What a run's output points at besides the summary, gathered in the same pass. */
export interface RunHighlights {
  /** Recorded episodes of the plan. */
  readonly recorded: number;
  /** The trajectory file of the first episode in key order (null: none recorded). */
  readonly firstTrajectoryFile: string | null;
  /** The first few episodes (in key order) that ended with an error, for printing. */
  readonly errors: readonly EpisodeRecord[];
  /** Ids of the episodes whose model provider could not be reached (`provider_error`). */
  readonly providerErrors: readonly string[];
  /**
   * Per team, the first failed episode (in key order) of each primary failure mode (and of none),
   * listed in key order: at most teams × (modes + 1) entries, however long the run.
   * Episodes whose model provider could not be reached are no failure of the team's.
   */
  readonly firstFailures: readonly FailureHighlight[];
}

/**
 * Builds a {@link RunSummary} from records added in key order (`compareKeys`); adding one out of
 * order throws, since float sums would then differ from the canonical summary in the last bits.
 */
export class SummaryBuilder {
  readonly #cells = new Map<string, CellTally>();
  readonly #countErrors: boolean;
  #last: EpisodeRecord | null = null;
  #recorded = 0;
  #firstTrajectoryFile: string | null = null;
  readonly #errors: EpisodeRecord[] = [];
  readonly #providerErrors: string[] = [];
  /** The first failure per team and primary mode ('' when none was named). */
  readonly #firstFailures = new Map<string, FailureHighlight>();

  constructor(options: SummarizeOptions = {}) {
    this.#countErrors = options.countErrors ?? false;
  }

  /** Adds the next record in key order. */
  add(record: EpisodeRecord): void {
    if (this.#last !== null && compareKeys(this.#last, record) >= 0)
      throw new FaultlineError(
        `SummaryBuilder.add: episode ${record.id} came after ${this.#last.id}; records must be added once each, in key order (sort them with compareKeys first)`,
      );
    this.#last = record;
    this.#recorded++;
    this.#firstTrajectoryFile ??= record.trajectoryFile;
    if (record.error && this.#errors.length < ERRORS_KEPT) this.#errors.push(record);
    if (record.outcome === 'provider_error') this.#providerErrors.push(record.id);
    else if (!record.success) this.#noteFailure(record);
    const key = `${record.envId}\u0000${record.team}`;
    let cell = this.#cells.get(key);
    if (!cell) {
      cell = new CellTally(record.envId, record.team);
      this.#cells.set(key, cell);
    }
    cell.add(record, this.#countErrors);
  }

  /** The summary of every record added so far. */
  summary(): RunSummary {
    return {
      format: 'faultline.summary/1',
      cells: [...this.#cells.values()].map((c) => c.build(this.#countErrors)),
    };
  }

  #noteFailure(record: EpisodeRecord): void {
    const primary = record.metrics?.primary ?? null;
    const key = `${record.team}\u0000${primary?.mode ?? ''}`;
    if (this.#firstFailures.has(key)) return;
    this.#firstFailures.set(key, {
      id: record.id,
      envId: record.envId,
      team: record.team,
      seed: record.seed,
      variant: record.variant ?? 0,
      ...(record.worldSize !== undefined ? { worldSize: record.worldSize } : {}),
      trial: record.trial,
      outcome: record.outcome,
      primary,
      trajectoryFile: record.trajectoryFile,
    });
  }

  /** The highlights of every record added so far. */
  highlights(): RunHighlights {
    return {
      recorded: this.#recorded,
      firstTrajectoryFile: this.#firstTrajectoryFile,
      errors: [...this.#errors],
      providerErrors: [...this.#providerErrors],
      firstFailures: [...this.#firstFailures.values()].sort(compareKeys),
    };
  }
}

/** The running totals of one (env, team) cell. */
class CellTally {
  episodes = 0;
  readonly outcomes = Object.fromEntries(SUMMARY_OUTCOMES.map((o) => [o, 0])) as Record<EpisodeOutcome, number>;
  /** Episodes that count in the rates (all but `provider_error` ones unless errors count). */
  attempted = 0;
  successes = 0;
  score = 0;
  steps = 0;
  handoffs = 0;
  invalid = 0;
  /** Attempted episodes with metrics, and how many of them showed each failure mode. */
  known = 0;
  readonly modes = Object.fromEntries(FAILURE_MODES.map((m) => [m, 0])) as Record<FailureMode, number>;
  readonly recovery = new RecoveryTally();
  readonly trials: TrialOutcome[] = [];
  calls = 0;
  promptTokens = 0;
  completionTokens = 0;
  costUsd: number | null = 0;

  constructor(
    readonly env: string,
    readonly team: string,
  ) {}

  add(r: EpisodeRecord, countErrors: boolean): void {
    this.episodes++;
    this.outcomes[r.outcome] += 1;
    // Only what pass^k reads, so a cell holds a few numbers per episode rather than its record.
    this.trials.push({ seed: r.seed, variant: r.variant ?? 0, trial: r.trial, outcome: r.outcome, success: r.success });
    if (r.usage) {
      this.calls += r.usage.calls;
      this.promptTokens += r.usage.promptTokens;
      this.completionTokens += r.usage.completionTokens;
      this.costUsd = this.costUsd === null || r.usage.costUsd === null ? null : this.costUsd + r.usage.costUsd;
    }
    if (!countErrors && r.outcome === 'provider_error') return;
    this.attempted++;
    if (r.success) this.successes++;
    this.score += r.score;
    this.steps += r.steps;
    this.handoffs += r.handoffs;
    this.invalid += r.invalidActions;
    if (r.metrics !== undefined) {
      this.known++;
      for (const mode of FAILURE_MODES) if (r.metrics.modes.includes(mode)) this.modes[mode]++;
    }
    this.recovery.add(r.metrics);
  }

  build(countErrors: boolean): SummaryCell {
    const n = this.attempted;
    const per = (total: number) => (n === 0 ? 0 : round6(total / n));
    const failureModes = {} as Record<FailureMode, number>;
    const failureModeCi = {} as Record<FailureMode, Interval>;
    for (const mode of FAILURE_MODES) {
      failureModes[mode] = this.known === 0 ? 0 : round6(this.modes[mode] / this.known);
      failureModeCi[mode] = roundInterval(wilson(this.modes[mode], this.known));
    }
    const usage: CellUsage = {
      calls: this.calls,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      costUsd: this.costUsd === null ? null : round6(this.costUsd),
    };
    return {
      env: this.env,
      team: this.team,
      episodes: this.episodes,
      successes: this.successes,
      successRate: per(this.successes),
      successCi: roundInterval(wilson(this.successes, n)),
      meanScore: per(this.score),
      meanSteps: per(this.steps),
      meanHandoffs: per(this.handoffs),
      meanInvalidActions: per(this.invalid),
      outcomes: { ...this.outcomes },
      failureModes,
      failureModeCi,
      // Seeded by the cell's name, as `summarize` does, so each cell's intervals are reproducible.
      consistency: consistencyOf(this.trials, {
        seed: deriveSeed(hashString(`${this.env}|${this.team}`), 'consistency'),
        countErrors,
      }),
      recovery: this.recovery.build(),
      usage,
    };
  }
}

/** `recoveryBreakdown` one episode at a time (all counts, so the order never matters). */
class RecoveryTally {
  fired = 0;
  offPath = 0;
  steps = 0;
  measured = 0;
  readonly classes = zeroCounts();
  readonly byType = new Map<string, Record<RecoveryClass, number>>();

  add(metrics: CompactMetrics | undefined): void {
    for (const r of metrics?.recovery ?? []) {
      if (leftOut(r)) {
        this.offPath++;
        continue;
      }
      this.fired++;
      this.classes[r.response]++;
      let perType = this.byType.get(r.type);
      if (!perType) {
        perType = zeroCounts();
        this.byType.set(r.type, perType);
      }
      perType[r.response]++;
      if (r.response === 'recovered' && r.steps !== null) {
        this.steps += r.steps;
        this.measured++;
      }
    }
  }

  build(): RecoveryBreakdown {
    const types = [...this.byType.keys()].sort();
    const counts = (t: string) => ({ ...(this.byType.get(t) as Record<RecoveryClass, number>) });
    return {
      fired: this.fired,
      offPath: this.offPath,
      classes: { ...this.classes },
      byType: Object.fromEntries(types.map((t) => [t, counts(t)])),
      meanStepsToRecover: this.measured === 0 ? null : round6(this.steps / this.measured),
      handled: handledRate(this.classes),
      handledByType: Object.fromEntries(types.map((t) => [t, handledRate(counts(t))])),
    };
  }
}
