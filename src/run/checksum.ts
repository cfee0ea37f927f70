/**
 * Checksums that let a run directory prove itself. Each line of `episodes.jsonl` carries the
 * SHA-256 of its own canonical JSON (without the checksum field), so an edited but still valid
 * line is caught; each trajectory file's footer carries the SHA-256 of every byte before it plus
 * its own canonical JSON, so a file cut short, a line edited, added or removed is caught. The
 * episode's line also names its trajectory's checksum, so a trajectory swapped in from another
 * run is caught too.
 *
 * They guard against accidents (torn writes, edits, stale files), not against someone who
 * recomputes them: they are integrity checks, not signatures.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';

/** The field that holds a record's or a footer's checksum. */
export const CHECKSUM_FIELD = 'checksum';

/** The SHA-256 (hex) of the canonical JSON of `value` without its `checksum` field. */
export function contentChecksum(value: object): string {
  const { [CHECKSUM_FIELD]: _ignored, ...content } = value as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** `value` with its checksum set (replacing any it had). */
export function sealed<T extends object>(value: T): T & { readonly checksum: string } {
  return { ...value, [CHECKSUM_FIELD]: contentChecksum(value) };
}

/** What checking a checksum found. */
export type SealCheck =
  /** The checksum matches the content. */
  | 'verified'
  /** There is no checksum (written before checksums existed): accepted, but nothing is proven. */
  | 'unverified'
  /** The content is not what was written. */
  | 'mismatch';

/** Checks the checksum `value` carries against its content. */
export function checkSeal(value: object): SealCheck {
  const claimed = (value as Record<string, unknown>)[CHECKSUM_FIELD];
  if (claimed === undefined) return 'unverified';
  return claimed === contentChecksum(value) ? 'verified' : 'mismatch';
}

/**
 * The checksum of a trajectory file's footer: the SHA-256 of the exact text of the lines before it
 * (header and steps, each with its newline) followed by the footer's canonical JSON without the
 * checksum. The lines are hashed as bytes, not re-serialized: a trajectory is read back verbatim
 * (replay, reports), and hashing bytes keeps verifying a large run's files cheap.
 */
export function trajectoryChecksum(body: string, footer: object): string {
  const { [CHECKSUM_FIELD]: _ignored, ...content } = footer as Record<string, unknown>;
  return createHash('sha256').update(body).update(canonicalJson(content)).digest('hex');
}
