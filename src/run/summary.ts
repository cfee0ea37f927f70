/**
 * Aggregating episode records into cells (one per env × team). Summaries hold results only —
 * never timings, paths or worker counts — so two runs with the same results have identical
 * summaries.
 */
import type { EpisodeOutcome } from '../team/episode.js';
import type { EpisodeRecord } from './records.js';
import { compareKeys } from './episode-id.js';
import {
  failureModeRates,
  recoveryBreakdown,
  type FailureModeRates,
  type RecoveryBreakdown,
} from '../metrics/aggregate.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { deriveSeed, hashString } from '../core/rng.js';
import { wilson, type Interval } from '../stats/intervals.js';
import { round6, roundInterval } from '../stats/rounding.js';
import { consistencyOf, type Consistency } from '../stats/consistency.js';

/** Aggregate results of one (env, team) pair. */
export interface SummaryCell {
  readonly env: string;
  readonly team: string;
  /** Every recorded episode of the cell, `provider_error` ones included (see `outcomes`). */
  readonly episodes: number;
  readonly successes: number;
  /**
   * Successes over the episodes that reached their model: those whose model provider could not be
   * reached (`provider_error`) are no attempt and are left out of this and every other rate and
   * mean, unless the run counts errors (`--count-errors`). Other errors count as failures.
   */
  readonly successRate: number;
  /** The 95% Wilson interval of the success rate (over the same episodes). */
  readonly successCi: Interval;
  readonly meanScore: number;
  readonly meanSteps: number;
  readonly meanHandoffs: number;
  readonly meanInvalidActions: number;
  readonly outcomes: Readonly<Record<EpisodeOutcome, number>>;
  /** Fraction of episodes in which each failure mode occurred. */
  readonly failureModes: FailureModeRates;
  /** The 95% Wilson interval of each failure-mode rate. */
  readonly failureModeCi: Readonly<Record<FailureMode, Interval>>;
  /** pass^k / pass@k over trials, the flip rate and all-variants-pass (infrastructure errors left out). */
  readonly consistency: Consistency;
  /** How the team responded to the perturbations that fired: counts per class, and per type (tool faults off the task's path counted apart, as `offPath`). */
  readonly recovery: RecoveryBreakdown;
  /** Model calls of the cell's episodes, summed (zeros for teams that make none). */
  readonly usage: CellUsage;
}

/** Model usage of a cell: the sum over its episodes' `usage`. */
export interface CellUsage {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** USD; null when some call had no price (0 when there were no calls). */
  readonly costUsd: number | null;
}

/** The summary of a run. */
export interface RunSummary {
  readonly format: 'faultline.summary/1';
  readonly cells: readonly SummaryCell[];
}

/** Outcomes in the order `summary.json` lists them. */
export const SUMMARY_OUTCOMES: readonly EpisodeOutcome[] = [
  'success',
  'failure',
  'gave_up',
  'truncated',
  'agent_error',
  'timeout',
  'env_error',
  'provider_error',
];

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Count infrastructure errors and agent crashes as failed trials in pass^k. @defaultValue false */
  readonly countErrors?: boolean;
}

/** Builds the summary. Records are sorted first, so input order never matters. */
export function summarize(records: readonly EpisodeRecord[], options: SummarizeOptions = {}): RunSummary {
  const sorted = [...records].sort((a, b) => compareKeys(a, b));
  const cells = new Map<string, EpisodeRecord[]>();
  for (const r of sorted) {
    const key = `${r.envId}\u0000${r.team}`;
    const list = cells.get(key);
    if (list) list.push(r);
    else cells.set(key, [r]);
  }
  const out: SummaryCell[] = [];
  for (const list of cells.values()) {
    const first = list[0] as EpisodeRecord;
    // An episode whose model provider was never reached is no attempt at the task: it stays out
    // of every rate (unless errors are counted), and `outcomes` still shows it.
    const attempted = options.countErrors ? list : list.filter((r) => r.outcome !== 'provider_error');
    const n = attempted.length;
    const per = (total: number) => (n === 0 ? 0 : round6(total / n));
    const outcomes = Object.fromEntries(SUMMARY_OUTCOMES.map((o) => [o, 0])) as Record<EpisodeOutcome, number>;
    let successes = 0;
    let score = 0;
    let steps = 0;
    let handoffs = 0;
    let invalid = 0;
    for (const r of list) outcomes[r.outcome] += 1;
    for (const r of attempted) {
      if (r.success) successes++;
      score += r.score;
      steps += r.steps;
      handoffs += r.handoffs;
      invalid += r.invalidActions;
    }
    out.push({
      env: first.envId,
      team: first.team,
      episodes: list.length,
      successes,
      successRate: per(successes),
      successCi: roundInterval(wilson(successes, n)),
      meanScore: per(score),
      meanSteps: per(steps),
      meanHandoffs: per(handoffs),
      meanInvalidActions: per(invalid),
      outcomes,
      failureModes: failureModeRates(attempted.map((r) => r.metrics)),
      failureModeCi: failureModeIntervals(attempted),
      // The bootstrap seed comes from the cell's name, so each cell's intervals are reproducible
      // and independent of which other cells the run had.
      consistency: consistencyOf(list, {
        seed: deriveSeed(hashString(`${first.envId}|${first.team}`), 'consistency'),
        countErrors: options.countErrors ?? false,
      }),
      recovery: recoveryBreakdown(attempted.map((r) => r.metrics)),
      usage: cellUsage(list),
    });
  }
  return { format: 'faultline.summary/1', cells: out };
}

/** Sums the episodes' usage; records written before usage existed, or without calls, add nothing. */
export function cellUsage(list: readonly EpisodeRecord[]): CellUsage {
  let calls = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let costUsd: number | null = 0;
  for (const r of list) {
    if (!r.usage) continue;
    calls += r.usage.calls;
    promptTokens += r.usage.promptTokens;
    completionTokens += r.usage.completionTokens;
    costUsd = costUsd === null || r.usage.costUsd === null ? null : costUsd + r.usage.costUsd;
  }
  return { calls, promptTokens, completionTokens, costUsd: costUsd === null ? null : round6(costUsd) };
}

function failureModeIntervals(list: readonly EpisodeRecord[]): Record<FailureMode, Interval> {
  const known = list.filter((r) => r.metrics !== undefined);
  const out = {} as Record<FailureMode, Interval>;
  for (const mode of FAILURE_MODES)
    out[mode] = roundInterval(wilson(known.filter((r) => r.metrics?.modes.includes(mode)).length, known.length));
  return out;
}
