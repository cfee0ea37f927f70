/**
 * Verifying what a run directory holds before trusting it: each line of `episodes.jsonl` against
 * its checksum, each trajectory file against its footer's checksum, and each line against the
 * trajectory it names. Resume re-runs what fails; replay lists it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSeal, trajectoryChecksum } from './checksum.js';
import { formatEpisodeId } from './episode-id.js';
import { LEGACY_TRAJECTORY_FORMAT, TRAJECTORY_FORMAT, isTrajectoryFormat } from '../team/observation-digest.js';
import { trajectoryFileOf, type EpisodeRecord, type TrajectoryFooter, type TrajectoryHeader } from './records.js';

/** What checking one trajectory file found. */
export interface TrajectoryCheck {
  /**
   * `verified`: complete and its checksum matches; `unverified`: complete, written before
   * checksums existed; `missing`, `truncated` (cut short: no footer), `mismatch` (edited), or
   * `unreadable` (not a trajectory file).
   */
  readonly state: 'verified' | 'unverified' | 'missing' | 'truncated' | 'mismatch' | 'unreadable';
  /** Why it is not `verified`, in words; null when verified. */
  readonly reason: string | null;
  readonly header: TrajectoryHeader | null;
  readonly footer: TrajectoryFooter | null;
}

/** True for the states whose file can be trusted (`unverified` with a warning). */
export function isUsable(check: TrajectoryCheck): boolean {
  return check.state === 'verified' || check.state === 'unverified';
}

/** Checks a trajectory file on disk. */
export function checkTrajectoryFile(path: string): TrajectoryCheck {
  if (!existsSync(path)) return bad('missing', 'the trajectory file is missing');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return bad('unreadable', `the trajectory file cannot be read (${(e as Error).message})`);
  }
  return checkTrajectoryText(text);
}

/** Checks the text of a trajectory file. */
export function checkTrajectoryText(text: string): TrajectoryCheck {
  if (text.length === 0) return bad('truncated', 'the trajectory file is empty');
  const header = parseLine(text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length));
  if (!isTrajectoryFormat(header?.['format']))
    return bad(
      'unreadable',
      `the first line is not a trajectory header (format "${TRAJECTORY_FORMAT}" or "${LEGACY_TRAJECTORY_FORMAT}")`,
    );
  const typedHeader = header as unknown as TrajectoryHeader;
  if (!text.endsWith('\n'))
    return bad('truncated', 'the last line has no newline: the file was cut short', typedHeader);
  const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const footer = parseLine(text.slice(lastStart, text.length - 1));
  if (footer === null || footer['end'] !== true)
    return bad('truncated', 'the file has no footer line: it was cut short', typedHeader);
  const typedFooter = footer as unknown as TrajectoryFooter;
  const steps = countLines(text) - 2;
  if (typeof typedFooter.steps === 'number' && typedFooter.steps !== steps)
    return bad(
      'mismatch',
      `the footer says ${typedFooter.steps} steps, the file has ${steps}`,
      typedHeader,
      typedFooter,
    );
  if (typedFooter.checksum === undefined)
    return {
      state: 'unverified',
      reason: 'no checksum (written before checksums existed)',
      header: typedHeader,
      footer: typedFooter,
    };
  if (trajectoryChecksum(text.slice(0, lastStart), footer) !== typedFooter.checksum)
    return bad(
      'mismatch',
      "the trajectory file's checksum does not match its content (edited?)",
      typedHeader,
      typedFooter,
    );
  return { state: 'verified', reason: null, header: typedHeader, footer: typedFooter };
}

/**
 * Why an `episodes.jsonl` record cannot be trusted on its own (checksum, id and file name), or
 * null when it can. `unverified` records (no checksum) pass.
 */
export function recordProblem(record: EpisodeRecord): string | null {
  if (checkSeal(record) === 'mismatch') return "the line's checksum does not match its content (edited?)";
  // Ids are matched, not validated: a run recorded by a version that accepted other team ids
  // stays readable, while an id that is not one plain file name is refused.
  const id = formatEpisodeId(record);
  if (record.id !== id) return `its id ${JSON.stringify(record.id)} is not its key's id ${JSON.stringify(id)}`;
  if (/[/\\\0]/.test(id) || id === '.' || id === '..') return `its id ${JSON.stringify(id)} is not a file name`;
  if (record.trajectoryFile !== trajectoryFileOf(id))
    return `its trajectory file ${JSON.stringify(record.trajectoryFile)} is not ${JSON.stringify(trajectoryFileOf(id))}`;
  return null;
}

/**
 * Why a record and the trajectory file in `dir` it names do not belong together (or the file
 * cannot be trusted), or null when they do.
 */
export function recordTrajectoryProblem(dir: string, record: EpisodeRecord): string | null {
  const check = checkTrajectoryFile(join(dir, record.trajectoryFile));
  if (!isUsable(check)) return `${check.reason ?? check.state} (${record.trajectoryFile})`;
  const header = check.header as TrajectoryHeader;
  for (const field of ['id', 'envId', 'team', 'seed', 'trial'] as const) {
    if (header[field] !== record[field])
      return `its trajectory header has ${field} ${JSON.stringify(header[field])} where episodes.jsonl has ${JSON.stringify(record[field])}`;
  }
  if ((header.variant ?? 0) !== (record.variant ?? 0))
    return `its trajectory header has variant ${header.variant ?? 0} where episodes.jsonl has ${record.variant ?? 0}`;
  if (record.trajectoryChecksum !== undefined && check.footer?.checksum !== record.trajectoryChecksum)
    return `its trajectory file is not the one recorded with it (checksum ${short(check.footer?.checksum)} ≠ ${short(record.trajectoryChecksum)})`;
  return null;
}

function bad(
  state: TrajectoryCheck['state'],
  reason: string,
  header: TrajectoryHeader | null = null,
  footer: TrajectoryFooter | null = null,
): TrajectoryCheck {
  return { state, reason, header, footer };
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function short(checksum: string | undefined): string {
  return checksum === undefined ? 'none' : checksum.slice(0, 12);
}
