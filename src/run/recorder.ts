/**
 * Writes a run directory: `episodes.jsonl` (appended as each episode ends, so nothing finished is
 * lost if the process dies), `trajectories/<id>.jsonl`, and `summary.json`.
 *
 * Each episode's trajectory file is written before its line in `episodes.jsonl`, so a line there
 * always has its trajectory. A run that was killed is resumed by reading the lines back: a torn
 * last line (the process died mid-write) is cut off and its episode run again.
 */
import { mkdirSync, rmSync, writeFileSync, appendFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from './records.js';
import type { RunSummary } from './summary.js';
import { compareKeys } from './episode-id.js';
import { containedPath } from './contained-path.js';

/** What was found in a run directory being resumed. */
export interface RecordedEpisodes {
  /** Complete, well-formed records (first occurrence of each id). */
  readonly records: EpisodeRecord[];
  /** Torn or malformed lines that were cut off (their episodes run again). */
  readonly discarded: number;
}

/** Writes one run's files under a directory. */
export class RunRecorder {
  readonly episodesFile: string;

  private constructor(readonly dir: string) {
    this.episodesFile = join(dir, 'episodes.jsonl');
  }

  /** Creates (or empties) the run directory. */
  static create(dir: string): RunRecorder {
    mkdirSync(dir, { recursive: true });
    const recorder = new RunRecorder(dir);
    rmSync(recorder.episodesFile, { force: true });
    rmSync(join(dir, 'trajectories'), { recursive: true, force: true });
    rmSync(join(dir, 'summary.json'), { force: true });
    rmSync(join(dir, 'report.html'), { force: true });
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
    writeFileSync(recorder.episodesFile, '');
    return recorder;
  }

  /**
   * Opens a run directory to continue it: reads back the recorded episodes and cuts off a torn
   * last line so appends start on a clean line.
   */
  static resume(dir: string): { recorder: RunRecorder; recorded: RecordedEpisodes } {
    const recorder = new RunRecorder(dir);
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
    const recorded = readRecordedEpisodes(dir, { repair: true });
    rmSync(join(dir, 'summary.json'), { force: true });
    return { recorder, recorded };
  }

  /**
   * Records a finished episode: its trajectory file (unless `trajectory` is null because a worker
   * already wrote it), then its line in `episodes.jsonl`.
   */
  append(record: EpisodeRecord, trajectory: string | null): void {
    if (trajectory !== null) writeFileSync(containedPath(this.dir, record.trajectoryFile), trajectory);
    appendFileSync(this.episodesFile, `${JSON.stringify(record)}\n`);
  }

  /**
   * Rewrites `episodes.jsonl` in key order once the run is complete, so the file is byte-identical
   * however the episodes were scheduled (worker count, shards, resumes). Atomic via rename.
   */
  finalize(records: readonly EpisodeRecord[]): void {
    const sorted = [...records].sort(compareKeys);
    const tmp = `${this.episodesFile}.tmp`;
    writeFileSync(tmp, sorted.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(tmp, this.episodesFile);
  }

  /** Writes `summary.json`. */
  writeSummary(summary: RunSummary): void {
    writeFileSync(join(this.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }
}

/**
 * Reads `DIR/episodes.jsonl`. A last line without its newline, or any line that is not a JSON
 * record, is discarded (and, with `repair`, cut from the file). Records whose trajectory file is
 * missing are discarded too, so their episodes run again.
 */
export function readRecordedEpisodes(dir: string, options: { repair?: boolean } = {}): RecordedEpisodes {
  const file = join(dir, 'episodes.jsonl');
  if (!existsSync(file)) return { records: [], discarded: 0 };
  const text = readFileSync(file, 'utf8');
  const records: EpisodeRecord[] = [];
  const seen = new Set<string>();
  let discarded = 0;
  const lines = text.split('\n');
  // The piece after the last newline is a torn write unless empty.
  const torn = lines.pop() ?? '';
  if (torn.length > 0) discarded++;
  for (const line of lines) {
    if (line.length === 0) continue;
    const record = parseRecord(line);
    if (record === null || !existsSync(join(dir, record.trajectoryFile))) {
      discarded++;
      continue;
    }
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    records.push(record);
  }
  if (options.repair && discarded > 0) {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(tmp, file);
  }
  return { records, discarded };
}

function parseRecord(line: string): EpisodeRecord | null {
  try {
    const parsed = JSON.parse(line) as EpisodeRecord;
    return typeof parsed === 'object' &&
      parsed !== null &&
      typeof parsed.id === 'string' &&
      typeof parsed.trajectoryFile === 'string'
      ? parsed
      : null;
  } catch {
    return null;
  }
}
