/**
 * The recorded forms of an episode: one line of `episodes.jsonl` per episode, and a trajectory
 * file (`trajectories/<id>.jsonl`: header, one line per step, footer) that replay re-simulates.
 */
import { TRAJECTORY_FORMAT, type TrajectoryFormat } from '../team/observation-digest.js';
import type { EpisodeResult } from '../team/episode.js';
import { episodeId } from './episode-id.js';
import type { PlannedPerturbation } from '../team/perturbation.js';
import type { EpisodeMetrics } from '../metrics/analyze.js';
import { compactMetrics, type CompactMetrics } from '../metrics/compact.js';
import { ANALYSIS_VERSION, type RecordedAnalysis } from '../metrics/version.js';
import { sealed, trajectoryChecksum } from './checksum.js';

/** One line of `episodes.jsonl`: the episode's result without its step-by-step trajectory. */
export interface EpisodeRecord extends Omit<EpisodeResult, 'trajectory'> {
  readonly id: string;
  /** The trajectory file, relative to the run directory. */
  readonly trajectoryFile: string;
  /**
   * The episode's failure-mode metrics: verdict and key numbers (`analyzeEpisode`, compacted).
   * Absent from records written before metrics existed.
   */
  readonly metrics?: CompactMetrics;
  /**
   * The analysis version that computed `metrics` here and the full analysis in the trajectory
   * file's footer. Absent from records written before analyses were versioned.
   */
  readonly analysisVersion?: number;
  /**
   * The checksum of the trajectory file's footer: ties this line to the exact file it was
   * recorded with. Absent from records written before checksums existed.
   */
  readonly trajectoryChecksum?: string;
  /**
   * SHA-256 of this record's canonical JSON without this field (`contentChecksum`). Absent from
   * records written before checksums existed (read back as unverified).
   */
  readonly checksum?: string;
}

/** The first line of a trajectory file. */
export interface TrajectoryHeader {
  /**
   * `faultline.trajectory/2` (written now: observation digests leave out the rendered text) or
   * `faultline.trajectory/1` (older files, whose observation digests include it).
   */
  readonly format: TrajectoryFormat;
  readonly id: string;
  readonly envId: string;
  readonly team: string;
  readonly seed: number;
  readonly trial: number;
  /** The task variant (absent in files written before variants existed: 0). */
  readonly variant?: number;
  /** The world size (an entity count); absent at the family's own size. */
  readonly worldSize?: number;
  readonly view: 'team' | 'single';
  readonly taskId: string;
  /** The step limit the episode ran under (so truncation replays too). */
  readonly maxSteps: number;
  /** The perturbation profile and the exact fault plan the episode ran under. */
  readonly perturb: string;
  readonly faultPlan: readonly PlannedPerturbation[];
  readonly initialObservation: string;
}

/** The last line of a trajectory file. */
export interface TrajectoryFooter {
  readonly end: true;
  readonly outcome: EpisodeResult['outcome'];
  readonly steps: number;
  readonly digest: string;
  readonly error: EpisodeResult['error'];
  /**
   * The episode's full analysis, as the run computed it. It lives here rather than in
   * `episodes.jsonl` because it is large (every handoff, cascade and response) and is read only
   * for the episodes a report opens, together with the steps it was computed from.
   * Absent from files written before analyses were recorded.
   */
  readonly analysis?: RecordedAnalysis;
  /**
   * SHA-256 of the file's text before this line and of this footer's canonical JSON without this
   * field (`trajectoryChecksum`). Absent from files written before checksums existed.
   */
  readonly checksum?: string;
}

/** The trajectory file of an episode, relative to the run directory. */
export function trajectoryFileOf(id: string): string {
  return `trajectories/${id}.jsonl`;
}

/**
 * The episode record of a result, with its analysis (`analyzeEpisode(result)`) in compact form,
 * sealed with its checksum. `trajectoryChecksum` is the footer checksum of its trajectory file.
 */
export function toEpisodeRecord(
  result: EpisodeResult,
  metrics: EpisodeMetrics,
  trajectoryChecksum?: string,
): EpisodeRecord {
  const { trajectory: _trajectory, ...rest } = result;
  const id = episodeId(result);
  return sealed({
    id,
    ...rest,
    trajectoryFile: trajectoryFileOf(id),
    metrics: compactMetrics(metrics),
    analysisVersion: ANALYSIS_VERSION,
    ...(trajectoryChecksum !== undefined ? { trajectoryChecksum } : {}),
  });
}

/** An episode as the recorder writes it: its sealed record and the text of its trajectory file. */
export function recordedEpisode(
  result: EpisodeResult,
  maxSteps: number,
  metrics: EpisodeMetrics,
): { record: EpisodeRecord; trajectory: string } {
  const { body, footer, checksum } = trajectoryOf(result, maxSteps, metrics);
  return { record: toEpisodeRecord(result, metrics, checksum), trajectory: `${body}${footer}\n` };
}

/**
 * The lines of a trajectory file, as JSON strings; the footer carries the full analysis and the
 * checksum of the whole file.
 */
export function trajectoryLines(result: EpisodeResult, maxSteps: number, metrics: EpisodeMetrics): string[] {
  const { body, footer } = trajectoryOf(result, maxSteps, metrics);
  return [...body.split('\n').slice(0, -1), footer];
}

/**
 * A trajectory file in two parts: the text before its footer (header and steps, each line with
 * its newline) and the footer line (without one), with the footer's checksum (not read back from
 * the footer line). The text before the footer is joined once: the checksum hashes it and the
 * file is it followed by the footer.
 */
function trajectoryOf(
  result: EpisodeResult,
  maxSteps: number,
  metrics: EpisodeMetrics,
): { body: string; footer: string; checksum: string } {
  const id = episodeId(result);
  const header: TrajectoryHeader = {
    format: TRAJECTORY_FORMAT,
    id,
    envId: result.envId,
    team: result.team,
    seed: result.seed,
    trial: result.trial,
    variant: result.variant,
    ...(result.worldSize !== undefined ? { worldSize: result.worldSize } : {}),
    view: result.view,
    taskId: result.taskId,
    maxSteps,
    perturb: result.perturbations.profile,
    faultPlan: result.perturbations.plan,
    initialObservation: result.initialObservation,
  };
  const footer: TrajectoryFooter = {
    end: true,
    outcome: result.outcome,
    steps: result.trajectory.length,
    digest: result.digest,
    error: result.error,
    analysis: { version: ANALYSIS_VERSION, metrics },
  };
  let body = `${JSON.stringify(header)}\n`;
  for (const step of result.trajectory) body += `${JSON.stringify(step)}\n`;
  const checksum = trajectoryChecksum(body, footer);
  return { body, footer: JSON.stringify({ ...footer, checksum }), checksum };
}
