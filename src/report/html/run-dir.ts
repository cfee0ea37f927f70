/**
 * Reading a run directory for the report: `summary.json`, the lines of `episodes.jsonl` (streamed,
 * since a large run's file runs to hundreds of megabytes), and `run.json` when present.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { RunSummary } from '../../run/summary.js';
import { forEachLine } from '../../run/jsonl-lines.js';

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
  // A last line without its newline is read too: a file written by hand may end without one.
  const { tail } = forEachLine(files.episodes, handle);
  handle(tail);
  return { records, skipped };
}
