/**
 * Writing a hosted episode into a run directory, exactly as the runner writes a built-in
 * team's: its record in `episodes.jsonl` (with its failure-mode metrics), its trajectory file,
 * and — for a directory that holds just this episode — `summary.json` and `run.json`, so
 * `faultline report` and `compare` read it like any run.
 */
import { analyzeEpisode } from '../../metrics/analyze.js';
import { assertNoHeldRun } from '../../run/held-run.js';
import { writeManifest } from '../../run/manifest.js';
import { RunRecorder } from '../../run/recorder.js';
import { RunLock } from '../../run/run-lock.js';
import { recordedEpisode, type EpisodeRecord } from '../../run/records.js';
import { summarize } from '../../run/summary.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { EpisodeHost } from './episode-host.js';

/** Appends a finished episode to a run directory; returns its record. */
export function recordHostedEpisode(recorder: RunRecorder, result: EpisodeResult, maxSteps: number): EpisodeRecord {
  const { record, trajectory } = recordedEpisode(result, maxSteps, analyzeEpisode(result));
  recorder.append(record, trajectory);
  return record;
}

/** Options of {@link writeHostedRun}. */
export interface WriteHostedRunOptions {
  /** Replace a run `dir` already holds (its records are deleted). @defaultValue false */
  readonly overwrite?: boolean;
}

/**
 * Writes a complete run directory (created, or empty) holding one hosted episode: its record,
 * trajectory, summary and manifest. `startedAt` is when the episode was opened (wall clock, for
 * `run.json` only). Returns the record.
 *
 * As every writer of a run directory, it refuses a `dir` that already holds a run unless
 * `overwrite` is set, and one another writer holds (its `run.lock`).
 */
export function writeHostedRun(
  dir: string,
  host: EpisodeHost,
  result: EpisodeResult,
  startedAt: Date,
  options: WriteHostedRunOptions = {},
): EpisodeRecord {
  const lock = RunLock.acquire(dir, 'writeHostedRun', 'dir');
  try {
    assertNoHeldRun(dir, {
      overwrite: options.overwrite === true,
      field: 'dir',
      fix: 'pass { overwrite: true } to delete its records and write there, or another directory',
    });
    return writeRun(dir, host, result, startedAt);
  } finally {
    lock.release();
  }
}

/** The files of {@link writeHostedRun} (its checks passed, its lock held). */
function writeRun(dir: string, host: EpisodeHost, result: EpisodeResult, startedAt: Date): EpisodeRecord {
  const recorder = RunRecorder.create(dir);
  const record = recordHostedEpisode(recorder, result, host.maxSteps);
  recorder.finalize([record]);
  recorder.writeSummary(summarize([record]));
  const finished = new Date();
  const seconds = Math.max(0, (finished.getTime() - startedAt.getTime()) / 1000);
  writeManifest(dir, {
    format: 'faultline.run/1',
    config: {
      envs: [result.envId],
      teams: [result.team],
      seeds: [result.seed],
      trials: result.trial + 1,
      variants: result.variant + 1,
      perturb: result.perturbations.profile,
      maxSteps: host.maxStepsOverride,
      maxActionBytes: host.maxActionBytes,
      imports: [],
      countErrors: false,
    },
    shard: null,
    status: 'complete',
    planned: 1,
    recorded: 1,
    workers: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: Math.round(seconds * 1000) / 1000,
    episodesPerSecond: seconds > 0 ? Math.round((1 / seconds) * 1000) / 1000 : null,
    resumes: 0,
    node: process.version,
    checksums: true,
  });
  return record;
}
