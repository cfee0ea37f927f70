/**
 * Failure-mode metrics of agent-team episodes, computed from the env's own event log (never
 * from an LLM judge): alignment drift, handoff context loss, cascading errors and recovery, and a
 * per-episode verdict naming the primary failure mode.
 */
export { analyzeEpisode, type EpisodeMetrics } from './analyze.js';
export { timelineOf, type AnalyzableEpisode, type Timeline, type LedgerConstraint } from './timeline.js';
export {
  knowledgeLog,
  isRequirementChange,
  REQUIREMENT_CHANGE,
  type KnowledgeLog,
  type KnowledgeEvent,
  type KnowledgeSource,
} from './knowledge.js';
export {
  analyzeDrift,
  CURVE_POINTS,
  type DriftMetrics,
  type DriftOnset,
  type OnsetEvidence,
  type RequirementChange,
} from './drift.js';
export { analyzeHandoffLoss, statedFacts, type HandoffLoss, type HandoffLossMetrics } from './handoff-loss.js';
export {
  taintSources,
  traceTaint,
  perturbedValues,
  type TaintSource,
  type TaintTrace,
  type TaintedItem,
} from './taint.js';
export { analyzeCascades, type Cascade, type CascadeMetrics } from './cascade.js';
export {
  analyzeRecovery,
  isHandled,
  leftOut,
  RECOVERY_CLASSES,
  type RecoveryClass,
  type RecoveryMetrics,
  type PerturbationResponse,
} from './recovery.js';
export { causesOf, explain, type Cause, type OutcomeCauses } from './explanation.js';
export { verdictOf, type Verdict, type RootCause, type VerdictInputs } from './verdict.js';
export { FAILURE_MODES, MAST, MODE_INFO, type FailureMode, type MastCode } from './modes.js';
export { analyzeNoProgress, type NoProgressMetrics, type Stop, type StopKind } from './no-progress.js';
export { analyzeInjections, INJECTION, type InjectionMetrics, type FollowedInjection } from './injection.js';
export { compactMetrics, type CompactMetrics } from './compact.js';
export { ANALYSIS_VERSION, type RecordedAnalysis } from './version.js';
export {
  failureModeRates,
  recoveryBreakdown,
  type FailureModeRates,
  type RecoveryBreakdown,
  type RecoveryCounts,
} from './aggregate.js';
