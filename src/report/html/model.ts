/**
 * What the report shows, gathered from a run directory before any HTML is written. Sections
 * render from this model only, so gathering (I/O, metrics) and presentation stay apart.
 */
import type { EpisodeMetrics } from '../../metrics/analyze.js';
import type { FailureMode, MastCode } from '../../metrics/modes.js';
import type { RecoveryClass } from '../../metrics/recovery.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { RunSummary, SummaryCell } from '../../run/summary.js';
import type { TrajectoryStep } from '../../team/episode.js';
import type { BlameEntry } from './blame-file.js';

/** The mean intent kept at one point of normalized time, with a 95% interval of the mean. */
export interface CurveMean {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** Alignment drift over a cell's episodes. */
export interface DriftData {
  /** Mean intent-kept curve over every episode with constraints (20 points). */
  readonly all: readonly CurveMean[];
  /** The same over failed episodes only (empty when none failed). */
  readonly failed: readonly CurveMean[];
  /** Episodes with a curve. */
  readonly n: number;
  readonly nFailed: number;
  /** Episodes with a drift onset (drift occurred). */
  readonly onsets: number;
  /** Onset positions as a fraction of the episode's steps, sorted. */
  readonly onsetPositions: readonly number[];
  readonly locallyCorrectGloballyWrong: number;
  /** Episodes with a mid-task requirement change, and those in which the newest intent won. */
  readonly requirementChanges: number;
  readonly newestIntentWon: number;
}

/** How often one primary failure mode (with its MAST code) was the root cause of a failure. */
export interface PrimaryModeCount {
  readonly mode: FailureMode;
  readonly mast: MastCode | null;
  readonly count: number;
}

/** Recovery responses to the perturbations of one kind (or type) that fired in a cell. */
export interface RecoveryGroup {
  readonly key: string;
  readonly counts: Readonly<Record<RecoveryClass, number>>;
}

/** Handoff fidelity of one sender → receiver pair over the analyzed episodes of a cell. */
export interface RolePairStats {
  readonly from: string;
  readonly to: string;
  readonly handoffs: number;
  /** Facts the receiver needed, summed over handoffs. */
  readonly required: number;
  /** Required facts that reached the receiver. */
  readonly delivered: number;
  /** Required facts the sender held and left out (charged to the sender). */
  readonly lost: number;
  /** Required facts the sender never had (an upstream loss or a hidden fact). */
  readonly inherited: number;
  /** Facts stated with another value. */
  readonly misstated: number;
  /** Facts sent but not delivered (a perturbation in transit). */
  readonly transit: number;
  /** Lost facts that did harm. */
  readonly harmful: number;
}

/** Handoff fidelity of a cell. */
export interface HandoffData {
  readonly pairs: readonly RolePairStats[];
  /** The roles, entry role first, as the env declares them. */
  readonly roles: readonly string[];
  /** Episodes whose trajectories were analyzed, out of the cell's episodes. */
  readonly analyzed: number;
  readonly of: number;
  /** Sampled episodes whose trajectory file could not be read. */
  readonly unreadable: number;
}

/**
 * Where an episode's full metrics in the report come from: the analysis the run recorded (of
 * `version`), or one made now by this code's analysis (`version`): asked for with `--reanalyze`,
 * or because the run recorded none.
 */
export type AnalysisProvenance =
  | { readonly source: 'recorded'; readonly version: number }
  | {
      readonly source: 'reanalyzed' | 'not-recorded';
      readonly version: number;
      readonly recordedVersion: number | null;
    };

/** How many episodes' analyses came from each analysis version, as `episodes.jsonl` records it. */
export interface AnalysisVersions {
  /** This code's analysis version. */
  readonly current: number;
  /** True when the report recomputed every episode's analysis (`--reanalyze`). */
  readonly reanalyzed: boolean;
  /** Episodes per recorded analysis version (null: recorded before analyses were versioned), sorted. */
  readonly recorded: ReadonlyArray<{ readonly version: number | null; readonly episodes: number }>;
}

/** A failed episode, with everything its drill-down shows. */
export interface Drilldown {
  readonly record: EpisodeRecord;
  /** The recorded steps, or null when the trajectory file could not be read. */
  readonly steps: readonly TrajectoryStep[] | null;
  /** Full metrics: recorded with the trajectory, or recomputed from it (null without one). */
  readonly metrics: EpisodeMetrics | null;
  /** Where `metrics` come from (null without a trajectory). */
  readonly analysis: AnalysisProvenance | null;
  /** Why the trajectory is missing, when it is. */
  readonly problem: string | null;
  /** The episode's entry in `blame.json`, when the file has one. */
  readonly blame: BlameEntry | null;
}

/**
 * Model usage summed over a cell's episodes (those whose team made model calls), for tokens
 * and cost per success.
 */
export interface CellUsage {
  /** Episodes that recorded usage. */
  readonly episodes: number;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens: number;
  /** Null when some call had no price. */
  readonly costUsd: number | null;
  /** Failed attempts that were retried. */
  readonly retries: number;
}

/** Everything the report shows about one (env, team) cell. */
export interface CellData {
  readonly summary: SummaryCell;
  /** Records found for the cell in `episodes.jsonl`. */
  readonly episodes: number;
  readonly failed: number;
  readonly drift: DriftData;
  readonly primaryModes: readonly PrimaryModeCount[];
  /** Recovery responses per perturbation kind, kinds sorted. */
  readonly recoveryByKind: readonly RecoveryGroup[];
  readonly handoffs: HandoffData;
  /** Model usage over the cell's episodes; null when none made a model call. */
  readonly usage: CellUsage | null;
  /** The first failed episodes in key order. */
  readonly drilldowns: readonly Drilldown[];
  /** Failed episodes left out of the drill-downs. */
  readonly drilldownsOmitted: number;
}

/** The whole report. */
export interface ReportData {
  /** The run directory's name (not its full path, so moving a run does not change its report). */
  readonly name: string;
  readonly summary: RunSummary;
  /** `run.json`, loosely typed, when present. */
  readonly manifest: Readonly<Record<string, unknown>> | null;
  readonly cells: readonly CellData[];
  /** Envs and teams, sorted (a team's colour comes from its id: team-colours.ts). */
  readonly envs: readonly string[];
  readonly teams: readonly string[];
  readonly run: {
    readonly episodes: number;
    /** Unparseable lines skipped in `episodes.jsonl`. */
    readonly skippedLines: number;
    readonly profiles: readonly string[];
    /** The world sizes of sized episodes, ascending; empty when every world is its family's own size. */
    readonly worldSizes: readonly number[];
    readonly seeds: { readonly count: number; readonly min: number; readonly max: number };
    readonly trials: number;
    readonly variants: number;
  };
  /** The analysis versions behind the per-episode figures. */
  readonly analysis: AnalysisVersions;
  /** Blame by intervention (`blame.json`), when the run directory has it. */
  readonly blame: BlameData;
  /** The limits the report was built with. */
  readonly limits: { readonly drilldownsPerCell: number; readonly handoffSamplePerCell: number };
}

/** What replacing one role by the reference agent for it does over the run's blamed failures. */
export interface BlameRoleTally {
  readonly role: string;
  /** Blamed failures the role swap flips to success. */
  readonly fixes: number;
  /** Blamed failures the role acted in (so that its swap was tried). */
  readonly of: number;
  /** Blamed failures whose decisive step is this role's. */
  readonly blamed: number;
}

/** Blame by intervention over the run, from `blame.json` and the run's records. */
export type BlameData =
  | { readonly state: 'absent' }
  /** The file is there but cannot be used: why. */
  | { readonly state: 'unreadable'; readonly problem: string }
  | {
      readonly state: 'read';
      /** The team whose agents were the reference. */
      readonly reference: string;
      /** The run's failed episodes blame applies to (not those the infrastructure ended). */
      readonly failed: number;
      /** Of those, episodes with an entry made for the recorded outcome. */
      readonly blamed: number;
      /** Of those, episodes with a decisive step. */
      readonly decided: number;
      /** Entries whose outcome is not the recorded one (blamed before the run changed). */
      readonly stale: number;
      /** Entries for episodes the run does not have (ignored). */
      readonly notInRun: number;
      /** Entries that did not parse (left out), and the first one's problem. */
      readonly invalid: number;
      readonly firstProblem: string | null;
      /** Blamed episodes whose blamed role (and step) are the metrics' primary cause's, of those with both. */
      readonly agreement: { readonly role: number; readonly step: number; readonly of: number };
      /** Per role, sorted by role. */
      readonly roles: readonly BlameRoleTally[];
    };
