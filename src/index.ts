/**
 * faultline: deterministic, seeded simulated worlds with a Gymnasium-style reset/step interface,
 * on which teams of AI agents are evaluated under reproducible faults.
 *
 * Importing this module registers the built-in envs and reference teams, so
 * `make('filesystem/rename-symbol-v1')` works straight away (as importing gymnasium does).
 */
import { registerBuiltinEnvs } from '../environments/index.js';
import { registerReferenceTeams } from '../agents/index.js';

// core
export { Rng, deriveSeed, parseSeed, hashString, isSeed, assertSeed, type Seed, type RngState } from './core/rng.js';
export {
  ModelEnv,
  type Env,
  type EnvModel,
  type BaseState,
  type Info,
  type ResetArgs,
  type ResetResult,
  type StepResult,
  type Transition,
  type EnvSnapshot,
} from './core/env.js';
export {
  register,
  make,
  spec,
  listEnvs,
  type RegisterOptions,
  type MakeOptions,
  type EnvFactory,
} from './core/registry.js';
export { parseEnvId, specToJSON, specFromJSON, type EnvSpec } from './core/spec.js';
export { Wrapper, TimeLimit, OrderEnforcing } from './core/wrappers.js';
export { space, sampleJsonSchema, type Space, type JsonSchema } from './core/spaces.js';
export { canonicalJson, digest } from './core/canonical.js';
export * from './core/errors.js';
export {
  checkEnv,
  checkRegisteredEnv,
  formatReport,
  CHECKS,
  type CheckReport,
  type CheckIssue,
  type CheckOptions,
} from './core/checker.js';
// team
export * from './team/world.js';
export {
  ActionSchema,
  parseAction,
  describeAction,
  type Action,
  type ActionInput,
  type HandoffMessage,
} from './team/actions.js';
export { teamModel, gradeTeamState, TeamOptionsSchema, type TeamModel, type TeamOptions } from './team/team-model.js';
export { registerTaskFamily, type RegisterTaskFamilyOptions } from './world/register.js';
export { familyEnvId, teamModelOf, teamStateOf, makeTeamEnv, type TeamEnv } from './team/team-env.js';
export type { TeamObservation } from './team/observation.js';
export type { TeamState, RoleState, InboxMessage, LastResult, FinishRecord } from './team/state.js';
export type { StepEvent, StepKind } from './team/events.js';
export { auditHandoff, factsInText, normalizeText, type HandoffAudit } from './team/handoff-audit.js';
export { evaluateLedger, type Grade, type ConstraintStatus } from './team/ledger.js';
export {
  registerTeam,
  findTeam,
  listTeams,
  type Agent,
  type AgentContext,
  type Team,
  type EpisodeStart,
  type RoleBriefing,
} from './team/agent.js';
export {
  runEpisode,
  type EpisodeResult,
  type EpisodeOutcome,
  type EpisodeBudget,
  type TrajectoryStep,
  type RunEpisodeOptions,
} from './team/episode.js';
export { toolDefinition, teamActionDefinitions, type ToolDefinition } from './team/tool-definitions.js';
export { planActions, resolvePlanStep, fullKnowledge, partialKnowledge, type FactLookup } from './team/plan.js';
export { SINGLE_AGENT_ROLE, toSingleAgentTask } from './team/single-agent.js';
export {
  composeWorlds,
  composedTool,
  composedEntity,
  composedChecker,
  liftPlanStep,
  type WorldParts,
  type ComposedState,
  type ComposeOptions,
} from './team/compose.js';
// run
export { runEvaluation, type RunOptions, type RunResult } from './run/runner.js';
export { summarize, type RunSummary, type SummaryCell } from './run/summary.js';
export { replayFile, replayTrajectory, readTrajectory, type ReplayReport, type Divergence } from './run/replay.js';
export { parseSeedList } from './run/seeds.js';
export { mergeRuns, type MergeResult } from './run/merge.js';
export { compareRuns, type RunComparison, type CellComparison, type CompareOptions } from './run/compare.js';
export { parseShard, planEpisodes, shardKeys, type Shard } from './run/plan.js';
export { readManifest, type RunManifest, type RunConfig } from './run/manifest.js';
export * as stats from './stats/index.js';
export { episodeId, type EpisodeKey } from './run/episode-id.js';
export type { EpisodeRecord, TrajectoryHeader } from './run/records.js';
export { renderReport, writeReport, type RenderReportOptions } from './report/html/index.js';
// perturbations
export * from './team/perturbation.js';
export {
  perturbationEngine as builtinPerturbationEngine,
  catalogEntries,
  PROFILES,
  profile,
  CATALOG,
  perturbationType,
  type Profile,
  type PerturbationType,
} from './perturb/index.js';
// metrics
export * from './metrics/index.js';
// built-ins
export { registerBuiltinEnvs } from '../environments/index.js';
export { registerReferenceTeams, oracleTeam, randomTeam, noopTeam } from '../agents/index.js';

registerBuiltinEnvs();
registerReferenceTeams();
