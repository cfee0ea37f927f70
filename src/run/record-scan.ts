/**
 * One pass over a run's `episodes.jsonl`, line by line: which records are accepted (complete,
 * well formed, checksums matching, trajectory present or verified; the first of each id) and
 * which lines are not, and why — handing each accepted record to the caller instead of holding
 * them, so resuming or reading a run of any size needs memory for its ids, not its records.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from './records.js';
import { recordProblem, recordTrajectoryProblem } from './verify.js';
import { forEachLine, forEachLineSpan } from './jsonl-lines.js';
import { BufferedFile } from './buffered-file.js';

/** A record of `episodes.jsonl` that was not accepted, and why. */
export interface DiscardedRecord {
  /** Its line number in `episodes.jsonl` (1-based). */
  readonly line: number;
  /** Its episode id, when the line could be read. */
  readonly id: string | null;
  /** Why, in words: a torn line, a checksum mismatch, a truncated trajectory … */
  readonly reason: string;
}

/** How a scan checks what it reads. */
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

/** What a scan found besides the accepted records. */
export interface RecordScan {
  /** Each line not accepted, and why. */
  readonly problems: readonly DiscardedRecord[];
  /** Accepted records without checksums (older runs): kept, only their completeness checked. */
  readonly unverified: number;
  /** The line numbers of the accepted records (what a repair keeps). */
  readonly accepted: ReadonlySet<number>;
}

/**
 * Reads `DIR/episodes.jsonl` and calls `accept` with each accepted record and its line number, in
 * file order. A last line without its newline, a line that is not a JSON record, one whose
 * checksum does not match, and one whose trajectory file is missing (or, with
 * `verifyTrajectories`, truncated, edited or not its own) are problems (their episodes run again);
 * a repeated id is left out silently. `repair` is not done here (see {@link keepLines}).
 */
export function scanRecordedEpisodes(
  dir: string,
  options: ReadRecordsOptions,
  accept: (record: EpisodeRecord, line: number) => void,
): RecordScan {
  const file = join(dir, 'episodes.jsonl');
  const problems: DiscardedRecord[] = [];
  const accepted = new Set<number>();
  if (!existsSync(file)) return { problems, unverified: 0, accepted };
  const seen = new Set<string>();
  let unverified = 0;
  const read = forEachLine(file, (line, number) => {
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
      problems.push({ line: number, id: record?.id ?? null, reason: problem ?? 'unreadable' });
      return;
    }
    const sealed =
      record.checksum !== undefined && (!options.verifyTrajectories || record.trajectoryChecksum !== undefined);
    if (!sealed && options.requireChecksums) {
      problems.push({
        line: number,
        id: record.id,
        reason: 'it has no checksum, though the run was recorded with checksums (edited?)',
      });
      return;
    }
    if (seen.has(record.id)) return;
    seen.add(record.id);
    if (!sealed) unverified++;
    accepted.add(number);
    accept(record, number);
  });
  if (read.tail.length > 0)
    problems.push({ line: read.lines + 1, id: null, reason: 'the last line was cut short (a torn write)' });
  return { problems, unverified, accepted };
}

/** Rewrites `DIR/episodes.jsonl` with only the lines numbered in `keep`, in their order (atomic, via rename). */
export function keepLines(dir: string, keep: ReadonlySet<number>): void {
  const file = join(dir, 'episodes.jsonl');
  const out = new BufferedFile(`${file}.tmp`);
  try {
    // The lines as they are, newline included: nothing is decoded or parsed again.
    forEachLineSpan(file, (bytes, start, end, _offset, number) => {
      if (keep.has(number)) out.write(bytes.subarray(start, end + 1));
    });
    out.close();
  } catch (error) {
    out.abandon();
    throw error;
  }
  renameSync(`${file}.tmp`, file);
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
