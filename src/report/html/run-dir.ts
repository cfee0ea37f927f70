/**
 * Reading a run directory for the report: `summary.json`, the lines of `episodes.jsonl` (streamed,
 * since a large run's file runs to hundreds of megabytes), and `run.json` when present.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { RunSummary } from '../../run/summary.js';

/** The files of a run directory the report reads. */
export interface RunDirFiles {
  readonly dir: string;
  readonly summary: string;
  readonly episodes: string;
  readonly manifest: string;
}

/**
 * The paths of a run directory's files, or an error that names the directory and what is
 * missing from it.
 */
export function runDirFiles(dir: string): RunDirFiles {
  const abs = resolve(dir);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat?.isDirectory())
    throw new FaultlineError(
      `report: "${dir}" is not a directory. Pass a run directory written by \`faultline run --out DIR\`.`,
    );
  const files = {
    dir: abs,
    summary: join(abs, 'summary.json'),
    episodes: join(abs, 'episodes.jsonl'),
    manifest: join(abs, 'run.json'),
  };
  const missing = [files.summary, files.episodes].filter((f) => !existsSync(f)).map((f) => basename(f));
  if (missing.length > 0) {
    throw new FaultlineError(
      `report: "${dir}" is not a run directory (no ${missing.join(' and no ')}). Pass a directory written by \`faultline run --out DIR\` after the run has finished.`,
    );
  }
  return files;
}

/** Reads and checks `summary.json`. */
export function readSummary(files: RunDirFiles): RunSummary {
  let parsed: RunSummary;
  try {
    parsed = JSON.parse(readFileSync(files.summary, 'utf8')) as RunSummary;
  } catch (e) {
    throw new FaultlineError(
      `report: ${files.summary} is not valid JSON (${(e as Error).message}). Re-run the evaluation to write it again.`,
    );
  }
  if (parsed?.format !== 'faultline.summary/1' || !Array.isArray(parsed.cells)) {
    throw new FaultlineError(
      `report: ${files.summary} is not a faultline summary (format "faultline.summary/1"). Pass a directory written by \`faultline run --out DIR\`.`,
    );
  }
  return parsed;
}

/**
 * `run.json` as loosely typed JSON, or null when absent or unreadable: the report only shows
 * it, and never depends on it, so an older or newer manifest format must not stop a report.
 */
export function readManifestLoosely(files: RunDirFiles): Record<string, unknown> | null {
  if (!existsSync(files.manifest)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(files.manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Calls `visit` with every record of `episodes.jsonl`, in file order. The file is read in
 * chunks so its size is bounded by nothing but the disk. A torn last line (a run killed
 * mid-write) is skipped and counted, as the runner's resume does.
 */
export function forEachRecord(
  files: RunDirFiles,
  visit: (record: EpisodeRecord) => void,
): { records: number; skipped: number } {
  let records = 0;
  let skipped = 0;
  const handle = (line: string) => {
    if (line.trim().length === 0) return;
    let record: EpisodeRecord;
    try {
      record = JSON.parse(line) as EpisodeRecord;
    } catch {
      skipped++;
      return;
    }
    records++;
    visit(record);
  };
  forEachLine(files.episodes, handle);
  return { records, skipped };
}

const CHUNK = 1 << 22;

/** Calls `visit` with every line of a UTF-8 file, reading it in 4 MB chunks. */
function forEachLine(path: string, visit: (line: string) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
        // Lines are cut at byte 0x0A, which never occurs inside a multi-byte UTF-8 sequence.
        const piece = buffer.subarray(start, i);
        visit(pending.length > 0 ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8'));
        pending = [];
        start = i + 1;
      }
      if (start < n) pending.push(Buffer.from(buffer.subarray(start, n)));
    }
    if (pending.length > 0) visit(Buffer.concat(pending).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
