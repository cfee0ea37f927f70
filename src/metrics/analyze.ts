/**
 * `analyzeEpisode`: every failure-mode metric of one episode, computed from the recorded episode
 * alone — pure and deterministic, so a trajectory read back from disk gives the same metrics as
 * the live run.
 */
import type { InvariantBreach } from '../team/ledger.js';
import { analyzeCascades, type CascadeMetrics } from './cascade.js';
import { analyzeDrift, type DriftMetrics } from './drift.js';
import { causesOf } from './explanation.js';
import { analyzeHandoffLoss, type HandoffLossMetrics } from './handoff-loss.js';
import { analyzeInjections, type InjectionMetrics } from './injection.js';
import { knowledgeLog } from './knowledge.js';
import { analyzeNoProgress, type NoProgressMetrics } from './no-progress.js';
import { analyzeRecovery, type RecoveryMetrics } from './recovery.js';
import { timelineOf, type AnalyzableEpisode } from './timeline.js';
import { verdictOf, type Verdict } from './verdict.js';

/** Every failure-mode metric of one episode. */
export interface EpisodeMetrics {
  readonly verdict: Verdict;
  readonly drift: DriftMetrics;
  readonly handoffLoss: HandoffLossMetrics;
  readonly cascades: CascadeMetrics;
  readonly recovery: RecoveryMetrics;
  readonly noProgress: NoProgressMetrics;
  readonly injections: InjectionMetrics;
  /**
   * Every time an invariant was broken during the episode (step, role), also those a later step
   * restored — which grading the final state alone does not show.
   */
  readonly breaches: readonly InvariantBreach[];
}

/**
 * Analyzes one episode. Accepts an `EpisodeResult`, or an episode record joined with its
 * trajectory steps (`{ ...record, trajectory: readTrajectory(path).steps }`).
 */
export function analyzeEpisode(episode: AnalyzableEpisode): EpisodeMetrics {
  const t = timelineOf(episode);
  const knowledge = knowledgeLog(t);
  const handoffLoss = analyzeHandoffLoss(t, knowledge);
  const cascades = analyzeCascades(t, knowledge);
  const recovery = analyzeRecovery(t, knowledge, cascades);
  const noProgress = analyzeNoProgress(t, recovery);
  const injections = analyzeInjections(t);
  // Drift is the residual mode: it needs the other modes' explanations of each violation.
  const causes = causesOf(t, handoffLoss, cascades, recovery, { noProgress, injections });
  const drift = analyzeDrift(t, knowledge, handoffLoss, causes, cascades);
  const verdict = verdictOf(t, knowledge, { drift, handoffLoss, cascades, recovery, noProgress, injections });
  return { verdict, drift, handoffLoss, cascades, recovery, noProgress, injections, breaches: t.breaches };
}
