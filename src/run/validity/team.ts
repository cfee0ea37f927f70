/**
 * What the validity experiment needs to know about one team: how to build it with a ground-truth
 * hook, what it must be flagged for (or that it must stay quiet), when its defect acted, and how
 * to judge the primary cause the metrics name. Adding a team to the experiment is one
 * {@link ValidityTeam} in `teams.ts`.
 */
import type { Team } from '../../team/agent.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { FiredPerturbation } from '../../team/perturbation.js';
import type { EpisodeMetrics, FailureMode } from '../../metrics/index.js';

/**
 * Ground truth a team reports about its own defect (the shape of `ProbeReport` in `probes/`, and
 * what the reference flawed teams' hooks are turned into): the env step and role where it acted.
 */
export interface DefectReport {
  /** The env step of the defective action. */
  readonly step: number;
  /** The role that took it. */
  readonly role: string;
  /** Fact ids it concerned, when any. */
  readonly facts?: readonly string[];
  /** What it did, in a few words. */
  readonly note?: string;
}

/** One episode as a team descriptor's judgments see it. */
export interface JudgedEpisode {
  readonly result: EpisodeResult;
  readonly metrics: EpisodeMetrics;
  /** Everything the team reported about its defect in this episode, in order. */
  readonly reports: readonly DefectReport[];
}

/** A team of the validity experiment. */
export interface ValidityTeam {
  /** The team id (the registered id for reference teams, the probe's id for probes). */
  readonly id: string;
  /** Where it comes from: a reference team of `agents/` or an independent probe of `probes/`. */
  readonly origin: 'reference' | 'probe';
  /** Builds the team for one episode; `report` is its ground-truth hook. */
  create(report: (r: DefectReport) => void): Team;
  /**
   * The failure mode (or outcome) the team's defect must be flagged for where it acted; null for
   * a team that must stay quiet (it only behaves differently from the oracle).
   */
  readonly expected: FailureMode | null;
  /**
   * Other modes that also count as flagging the defect, where the metrics' documented labelling
   * allows two (a team's own wrong value is a cascade when it spread, drift when it stayed one write).
   */
  readonly accepts?: readonly FailureMode[];
  /**
   * Whether the defect acted in this episode (for a quiet team: whether it did anything
   * differently from the oracle). Detection rates are taken over these episodes only.
   */
  triggered(episode: JudgedEpisode): boolean;
  /**
   * Whether the verdict's primary cause names the right step and role, or null where this team's
   * ground truth says nothing about it (no failure, or a failure the truth does not locate).
   */
  attribution(episode: JudgedEpisode): boolean | null;
  /**
   * The profile under which the defect acts most often: the quick check in `npm test` runs the
   * team there only (every profile runs in the full check and in the README's run).
   */
  readonly home: string;
  /** The least share of triggered episodes its own mode must be flagged in. @defaultValue 0.9 */
  readonly minDetection?: number;
  /**
   * Profiles under which the defect has nothing to act on (it must then never be triggered); the
   * tests hold every other profile to a detection rate.
   */
  readonly notTriggeredUnder?: readonly string[];
}

/** Every perturbation that fired in an episode, at reset first, then by step. */
export function firedIn(result: EpisodeResult): FiredPerturbation[] {
  return [...result.perturbations.atReset, ...result.trajectory.flatMap((s) => s.event.perturbations ?? [])];
}

/**
 * Attribution to injected faults: in a failed episode whose primary cause is a lost fact, the
 * cause must be the loss root (its handoff step and sender); otherwise it must be the step and
 * role where an unrecovered perturbation fired. Null when the episode succeeded or no fault is
 * left unrecovered.
 */
export function faultAttribution({ result, metrics }: JudgedEpisode): boolean | null {
  const primary = metrics.verdict.primary;
  if (!primary || result.success) return null;
  if (primary.mode === 'handoffContextLoss') {
    const loss = metrics.handoffLoss.root;
    return loss ? primary.step === loss.step && primary.role === loss.from : false;
  }
  const unrecovered = metrics.recovery.responses.filter((r) => r.response !== 'recovered');
  if (unrecovered.length === 0) return null;
  // An obeyed injection is placed at the obeying call: a call of the injected tool, after an
  // injection the team did not ignore, by the role the verdict names.
  if (primary.mode === 'injectionFollowed') {
    const planted = result.perturbations.plan.filter((p) => unrecovered.some((r) => r.id === p.id));
    const event = result.trajectory.find((s) => s.event.step === primary.step)?.event;
    const action = event?.action;
    return (
      event?.role === primary.role &&
      action?.type === 'tool' &&
      planted.some((p) => p.type === 'injection' && p.params['tool'] === action.tool)
    );
  }
  return unrecovered.some((r) => r.step === primary.step && r.role === primary.role);
}

/**
 * Attribution to the team's own reports: in a failed episode where the defect acted, the primary
 * cause must be at the step and role of one of the reported defective actions (a defect that acts
 * several times may do its damage at any of them).
 */
export function reportAttribution({ result, metrics, reports }: JudgedEpisode): boolean | null {
  if (reports.length === 0 || result.success) return null;
  const primary = metrics.verdict.primary;
  return primary !== null && reports.some((r) => r.step === primary.step && r.role === primary.role);
}

/** No attribution is judged for this team. */
export function noAttribution(): null {
  return null;
}

/** The modes that count as flagging a team's defect: its expected mode and the ones it accepts. */
export function ownModes(team: Pick<ValidityTeam, 'expected' | 'accepts'>): FailureMode[] {
  return team.expected === null ? [] : [team.expected, ...(team.accepts ?? [])];
}
