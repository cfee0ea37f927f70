/**
 * `faultline/env`: the Gymnasium-style surface — make/reset/step, the env registry and specs,
 * spaces, wrappers, the env checker, seeds and the errors every entry point throws.
 *
 * Importing this entry registers the built-in envs (each with the built-in perturbation engine) and the reference
 * teams (idempotent), so `make('filesystem/rename-symbol-v1')` works straight away.
 */
import { loadBuiltins } from '../builtins.js';

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
} from '../core/env.js';
export {
  register,
  make,
  spec,
  listEnvs,
  type RegisterOptions,
  type MakeOptions,
  type EnvFactory,
} from '../core/registry.js';
export { parseEnvId, specToJSON, specFromJSON, type EnvSpec } from '../core/spec.js';
export { Wrapper, TimeLimit, OrderEnforcing } from '../core/wrappers.js';
export { RecordEpisodeStatistics, type EpisodeStatistics } from '../core/episode-statistics.js';
export { renderText } from '../core/env.js';
// vector envs
export { SyncVectorEnv } from '../vector/sync.js';
export { AsyncVectorEnv, type AsyncVectorEnvOptions } from '../vector/async.js';
export {
  AUTORESET_MODES,
  type AutoresetMode,
  type VectorEnvOptions,
  type VectorMetadata,
  type VectorResetArgs,
  type VectorResetResult,
  type VectorStepResult,
  type SubStepResult,
} from '../vector/types.js';
export { space, sampleJsonSchema, type Space, type JsonSchema } from '../core/spaces.js';
export {
  checkEnv,
  checkRegisteredEnv,
  formatReport,
  CHECKS,
  type CheckReport,
  type CheckIssue,
  type CheckOptions,
} from '../core/checker.js';
export { Rng, deriveSeed, parseSeed, hashString, isSeed, assertSeed, type Seed, type RngState } from '../core/rng.js';
export { canonicalJson, digest } from '../core/canonical.js';
export { observationDigest, TRAJECTORY_FORMAT } from '../team/observation-digest.js';
export {
  FaultlineError,
  InvalidArgumentError,
  UnregisteredEnvError,
  RegistrationError,
  ResetNeededError,
  ClosedEnvironmentError,
  ReplayDivergenceError,
} from '../core/errors.js';
// team envs
export { makeTeamEnv, teamModelOf, teamStateOf, familyEnvId, type TeamEnv } from '../team/team-env.js';
export { TeamOptionsSchema, gradeTeamState, type TeamModel, type TeamOptions } from '../team/team-model.js';
export { SINGLE_AGENT_ROLE } from '../team/single-agent.js';
export type { TeamObservation } from '../team/observation.js';
export type { TeamState, RoleState, InboxMessage, LastResult, FinishRecord } from '../team/state.js';
export type { StepEvent, StepKind } from '../team/events.js';
export {
  ActionSchema,
  parseAction,
  describeAction,
  type Action,
  type ActionInput,
  type HandoffMessage,
} from '../team/actions.js';
export { toolDefinition, teamActionDefinitions, type ToolDefinition } from '../team/tool-definitions.js';
export { TeamObservationSchema, teamObservationSpace, teamActionSpace } from '../team/spaces.js';
export { AecTeamEnv, type AecLast } from '../team/aec.js';
export { DenseReward, ledgerProgress, type DenseRewardMode } from '../team/dense-reward.js';

loadBuiltins();
