/**
 * Writes a run directory: `episodes.jsonl` (appended as each episode ends, so nothing finished is
 * lost if the process dies), `trajectories/<id>.jsonl`, and `summary.json`.
 *
 * Each episode's trajectory file is written before its line in `episodes.jsonl`, so a line there
 * always has its trajectory. A run that was killed is resumed by reading the lines back: a torn
 * last line (the process died mid-write) is cut off and its episode run again.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from './records.js';
import type { RunSummary } from './summary.js';
import { compareKeys } from './episode-id.js';
import { containedPath } from './contained-path.js';
import { keepLines, scanRecordedEpisodes, type DiscardedRecord, type ReadRecordsOptions } from './record-scan.js';
import { visitRecordsInOrder, type VisitInOrderOptions } from './ordered-records.js';

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

export type { DiscardedRecord, ReadRecordsOptions } from './record-scan.js';

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
   * Opens a run directory to continue it: reads back the recorded episodes, line by line, and cuts
   * the lines not accepted (a torn last line, a record that fails its checks) so appends start on
   * a clean line. `rerun` picks accepted records whose episodes run again (cut from the file too:
   * they will write the same trajectory files, which a stale line would no longer match).
   * `ids` are the accepted episodes that stay; their records are returned only with `keepRecords`
   * (the default), so a caller that needs the ids alone holds no record of a run of any size.
   */
  static resume(
    dir: string,
    options: { requireChecksums?: boolean; rerun?: (record: EpisodeRecord) => boolean; keepRecords?: boolean } = {},
  ): { recorder: RunRecorder; recorded: RecordedEpisodes; ids: readonly string[]; rerun: readonly EpisodeRecord[] } {
    const recorder = new RunRecorder(dir);
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
    const { rerun: isRerun, keepRecords = true, ...readOptions } = options;
    const records: EpisodeRecord[] = [];
    const ids: string[] = [];
    const rerun: EpisodeRecord[] = [];
    const cut = new Set<number>();
    const scan = scanRecordedEpisodes(dir, { ...readOptions, verifyTrajectories: true }, (record, line) => {
      if (isRerun?.(record)) {
        rerun.push(record);
        cut.add(line);
        return;
      }
      ids.push(record.id);
      if (keepRecords) records.push(record);
    });
    if (scan.problems.length > 0 || cut.size > 0)
      keepLines(dir, new Set([...scan.accepted].filter((line) => !cut.has(line))));
    rmSync(join(dir, 'summary.json'), { force: true });
    const recorded = { records, discarded: scan.problems.length, problems: scan.problems, unverified: scan.unverified };
    return { recorder, recorded, ids, rerun };
  }

  /**
   * Records a finished episode: its trajectory file (unless `trajectory` is null because a worker
   * already wrote it), then its line in `episodes.jsonl`.
   */
  append(record: EpisodeRecord, trajectory: string | null): void {
    if (trajectory !== null) writeFileSync(containedPath(this.dir, record.trajectoryFile), trajectory);
    this.#fd ??= openSync(this.episodesFile, 'a');
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
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
    options: VisitInOrderOptions = {},
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
  const records: EpisodeRecord[] = [];
  const scan = scanRecordedEpisodes(dir, options, (record) => records.push(record));
  if (options.repair && scan.problems.length > 0) keepLines(dir, scan.accepted);
  return { records, discarded: scan.problems.length, problems: scan.problems, unverified: scan.unverified };
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
