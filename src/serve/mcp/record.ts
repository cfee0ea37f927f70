/**
 * Writing a hosted episode into a run directory, exactly as the runner writes a built-in
 * team's: its record in `episodes.jsonl` (with its failure-mode metrics) and its trajectory file.
 */
import { analyzeEpisode } from '../../metrics/analyze.js';
import type { RunRecorder } from '../../run/recorder.js';
import { recordedEpisode, type EpisodeRecord } from '../../run/records.js';
import type { EpisodeResult } from '../../team/episode.js';

/** Appends a finished episode to a run directory; returns its record. */
export function recordHostedEpisode(recorder: RunRecorder, result: EpisodeResult, maxSteps: number): EpisodeRecord {
  const { record, trajectory } = recordedEpisode(result, maxSteps, analyzeEpisode(result));
  recorder.append(record, trajectory);
  return record;
}
