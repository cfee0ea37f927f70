/**
 * `faultline`: run an evaluation from code, read its results, and the types a team author needs.
 *
 * Importing this entry registers the built-in envs (each with the built-in perturbation engine) and the reference
 * teams (idempotent), so `evaluate({ envs: 'filesystem/rename-symbol-v1', ... })` works straight
 * away, as importing gymnasium does. The other subpaths: `faultline/env` (make/reset/step),
 * `faultline/worlds`, `faultline/teams`, `faultline/metrics`, `faultline/perturb`,
 * `faultline/authoring` (writing a world) and `faultline/testing`.
 */
import { loadBuiltins } from '../builtins.js';

// running
export { evaluate, type EvaluateOptions, type EvaluateResult } from '../evaluate.js';
export {
  runEpisode,
  type EpisodeResult,
  type EpisodeOutcome,
  type EpisodeBudget,
  type TrajectoryStep,
  type RunEpisodeOptions,
} from '../team/episode.js';
export { DEFAULT_MAX_ACTION_BYTES, type OversizedAction } from '../team/action-size.js';
export { parseSeedList } from '../run/seeds.js';
export type { SetupEntry } from '../run/setup.js';
export { parseShard, type Shard } from '../run/plan.js';
// writing a team
export {
  registerTeam,
  findTeam,
  listTeams,
  type Agent,
  type AgentContext,
  type Team,
  type EpisodeStart,
  type PrivilegedBriefing,
  type PrivilegedStep,
  type RoleBriefing,
} from '../team/agent.js';
export type { TeamObservation, TeamObservation as Observation } from '../team/observation.js';
export {
  ActionSchema,
  parseAction,
  describeAction,
  type Action,
  type ActionInput,
  type HandoffMessage,
} from '../team/actions.js';
export { toolDefinition, teamActionDefinitions, type ToolDefinition } from '../team/tool-definitions.js';
// reading results
export type { EpisodeRecord, TrajectoryHeader } from '../run/records.js';
export { episodeId, type EpisodeKey } from '../run/episode-id.js';
export {
  summarize,
  type RunSummary,
  type RunSummary as Summary,
  type SummaryCell,
  type SummarizeOptions,
} from '../run/summary.js';
export { readRecordedEpisodes, type RecordedEpisodes } from '../run/recorder.js';
export { readManifest, type RunManifest, type RunConfig } from '../run/manifest.js';
export { compareRuns, type RunComparison, type CellComparison, type CompareOptions } from '../run/compare.js';
export { mergeRuns, type MergeOptions, type MergeResult } from '../run/merge.js';
export { renderReport, writeReport, type RenderReportOptions } from '../report/html/index.js';
export { replayFile, replayTrajectory, readTrajectory, type ReplayReport, type Divergence } from '../run/replay.js';
export {
  blameRun,
  DEFAULT_MAX_INTERVENTIONS,
  type BlameRunOptions,
  type BlameReport,
  type RoleTally,
} from '../run/blame/run-blame.js';
export type { EpisodeBlame, TriedIntervention, InterventionResult } from '../run/blame/episode-blame.js';
export { intervenedTeam, SAME_ACTION_MARK, type Intervention } from '../run/blame/intervention.js';
export type { Grade, ConstraintStatus, InvariantBreach } from '../team/ledger.js';
export type { Seed } from '../core/rng.js';
export { FaultlineError, InvalidArgumentError } from '../core/errors.js';

loadBuiltins();
