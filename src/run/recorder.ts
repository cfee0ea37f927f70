/**
 * Writes a run directory: `episodes.jsonl` (appended as each episode ends, so nothing finished is
 * lost if the process dies), `trajectories/<id>.jsonl`, and `summary.json`.
 *
 * Each episode's trajectory file is written before its line in `episodes.jsonl`, so a line there
 * always has its trajectory. A run that was killed is resumed by reading the lines back: a torn
 * last line (the process died mid-write) is cut off and its episode run again.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from './records.js';
import type { RunSummary } from './summary.js';
import { compareKeys } from './episode-id.js';
import { containedPath } from './contained-path.js';
import { recordProblem, recordTrajectoryProblem } from './verify.js';
import { visitRecordsInOrder } from './ordered-records.js';

/** A record of `episodes.jsonl` that was not accepted, and why. */
export interface DiscardedRecord {
  /** Its line number in `episodes.jsonl` (1-based). */
  readonly line: number;
  /** Its episode id, when the line could be read. */
  readonly id: string | null;
  /** Why, in words: a torn line, a checksum mismatch, a truncated trajectory … */
  readonly reason: string;
}

/** What was found in a run directory being resumed. */
export interface RecordedEpisodes {
  /** Complete, well-formed records that passed their checks (first occurrence of each id). */
  readonly records: EpisodeRecord[];
  /** How many lines were not accepted (their episodes run again). */
  readonly discarded: number;
  /** Each line not accepted, and why. */
  readonly problems: readonly DiscardedRecord[];
  /**
   * Accepted records that could not be verified: written before checksums existed (their line or
   * their trajectory has none). They are kept, as before; only their completeness was checked.
   */
  readonly unverified: number;
}

/** How {@link readRecordedEpisodes} checks what it reads. */
export interface ReadRecordsOptions {
  /** Cut the lines not accepted from `episodes.jsonl` so appends start clean. @defaultValue false */
  readonly repair?: boolean;
  /**
   * Read every trajectory file and check it (complete, checksum, belongs to its record), instead
   * of only checking that it exists. Resume and merge do; reading costs one pass over the files.
   * @defaultValue false
   */
  readonly verifyTrajectories?: boolean;
  /**
   * Refuse records without checksums instead of keeping them as unverified: for a run whose
   * `run.json` says it was recorded with checksums (`checksums: true`), where a missing one means
   * an edit. @defaultValue false
   */
  readonly requireChecksums?: boolean;
}

/** Writes one run's files under a directory. */
export class RunRecorder {
  readonly episodesFile: string;
  /** `episodes.jsonl` held open for appends (one write per record, no open/close each time). */
  #fd: number | null = null;

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
  static resume(
    dir: string,
    options: { requireChecksums?: boolean; rerun?: (record: EpisodeRecord) => boolean } = {},
  ): { recorder: RunRecorder; recorded: RecordedEpisodes; rerun: readonly EpisodeRecord[] } {
    const recorder = new RunRecorder(dir);
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
    const { rerun: isRerun, ...readOptions } = options;
    const read = readRecordedEpisodes(dir, { ...readOptions, repair: true, verifyTrajectories: true });
    const rerun = isRerun ? read.records.filter(isRerun) : [];
    let recorded = read;
    if (rerun.length > 0) {
      // Cut them from the file now: their episodes run again and write the same trajectory files,
      // so a stale line left behind would no longer match its trajectory.
      const kept = read.records.filter((r) => !rerun.includes(r));
      const tmp = `${recorder.episodesFile}.tmp`;
      writeFileSync(tmp, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
      renameSync(tmp, recorder.episodesFile);
      recorded = { ...read, records: kept };
    }
    rmSync(join(dir, 'summary.json'), { force: true });
    return { recorder, recorded, rerun };
  }

  /**
   * Records a finished episode: its trajectory file (unless `trajectory` is null because a worker
   * already wrote it), then its line in `episodes.jsonl`. Returns the line (without its newline).
   */
  append(record: EpisodeRecord, trajectory: string | null): string {
    if (trajectory !== null) writeFileSync(containedPath(this.dir, record.trajectoryFile), trajectory);
    this.#fd ??= openSync(this.episodesFile, 'a');
    const line = JSON.stringify(record);
    writeSync(this.#fd, `${line}\n`);
    return line;
  }

  /** Closes `episodes.jsonl` (appending again reopens it). */
  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }

  /**
   * Visits the recorded episodes of the plan in key order, reading them back from `episodes.jsonl`
   * one at a time (`rankOf` gives an episode id's place in the plan; others are left out). With
   * `rewrite` — a complete run — the file is rewritten in that order, byte-identical to
   * {@link finalize} of the same records however the episodes were scheduled; `visit` null only
   * rewrites. Returns how many records were visited.
   */
  visitInOrder(
    rankOf: (id: string) => number | undefined,
    visit: ((record: EpisodeRecord) => void) | null,
    options: { rewrite?: boolean } = {},
  ): number {
    this.close();
    return visitRecordsInOrder(this.episodesFile, rankOf, visit, options);
  }

  /**
   * Rewrites `episodes.jsonl` in key order once the run is complete, so the file is byte-identical
   * however the episodes were scheduled (worker count, shards, resumes). Atomic via rename.
   */
  finalize(records: readonly EpisodeRecord[]): void {
    this.close();
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
 * Reads `DIR/episodes.jsonl`. A last line without its newline, a line that is not a JSON record,
 * one whose checksum does not match, and one whose trajectory file is missing (or, with
 * `verifyTrajectories`, truncated, edited or not its own) are not accepted (and, with `repair`,
 * cut from the file), so their episodes run again. Records without checksums (older runs) are
 * accepted and counted as unverified.
 */
export function readRecordedEpisodes(dir: string, options: ReadRecordsOptions = {}): RecordedEpisodes {
  const file = join(dir, 'episodes.jsonl');
  if (!existsSync(file)) return { records: [], discarded: 0, problems: [], unverified: 0 };
  const text = readFileSync(file, 'utf8');
  const records: EpisodeRecord[] = [];
  const problems: DiscardedRecord[] = [];
  const seen = new Set<string>();
  let unverified = 0;
  const lines = text.split('\n');
  // The piece after the last newline is a torn write unless empty.
  const torn = lines.pop() ?? '';
  if (torn.length > 0)
    problems.push({ line: lines.length + 1, id: null, reason: 'the last line was cut short (a torn write)' });
  lines.forEach((line, index) => {
    if (line.length === 0) return;
    const record = parseRecord(line);
    const problem =
      record === null
        ? 'the line is not a JSON episode record'
        : (recordProblem(record) ??
          (options.verifyTrajectories
            ? recordTrajectoryProblem(dir, record)
            : existsSync(join(dir, record.trajectoryFile))
              ? null
              : `the trajectory file is missing (${record.trajectoryFile})`));
    if (record === null || problem !== null) {
      problems.push({ line: index + 1, id: record?.id ?? null, reason: problem ?? 'unreadable' });
      return;
    }
    const sealed =
      record.checksum !== undefined && (!options.verifyTrajectories || record.trajectoryChecksum !== undefined);
    if (!sealed && options.requireChecksums) {
      problems.push({
        line: index + 1,
        id: record.id,
        reason: 'it has no checksum, though the run was recorded with checksums (edited?)',
      });
      return;
    }
    if (seen.has(record.id)) return;
    seen.add(record.id);
    if (!sealed) unverified++;
    records.push(record);
  });
  if (options.repair && problems.length > 0) {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(tmp, file);
  }
  return { records, discarded: problems.length, problems, unverified };
}

/** Counts discarded records by reason (the reason's words before any file name), most frequent first. */
export function discardReasons(problems: readonly DiscardedRecord[]): string {
  const counts = new Map<string, number>();
  for (const p of problems) {
    const reason = p.reason.replace(/ \(.*$/, '');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${n}: ${reason}`)
    .join('; ');
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
