/**
 * Ids that become parts of file names (team ids, the pieces of an episode id). They are checked
 * where they enter — registration — so a bad id fails with a message instead of a stack trace
 * from the file system, and can never name a path outside a run directory.
 */
import { InvalidArgumentError } from './errors.js';

/** The longest id accepted: episode ids join several ids, and file names stop at 255 bytes. */
export const MAX_ID_LENGTH = 64;

/**
 * No separator, NUL or control character can occur; the first character is a letter or digit, so
 * `.`, `..` and hidden files are impossible. (Registries also refuse two ids that differ only in
 * case, which would share a file on a case-insensitive file system.)
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a safe id looks like, in words (for error messages and docs). */
export const SAFE_ID_RULE = `1-${MAX_ID_LENGTH} characters from A-Z a-z 0-9 . _ - starting with a letter or digit`;

/** True when `id` may become part of a file name. */
export function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH && SAFE_ID.test(id);
}

/**
 * Throws an {@link InvalidArgumentError} naming `field`, the id, what is allowed and a safe id to
 * use instead, unless `id` is safe.
 */
export function assertSafeId(field: string, id: unknown): asserts id is string {
  if (isSafeId(id)) return;
  throw new InvalidArgumentError(
    field,
    id,
    `${SAFE_ID_RULE} (the id becomes part of file names)`,
    `rename it, e.g. to ${JSON.stringify(suggestId(id))}`,
  );
}

/** A safe id close to `id`, for the fix in an error message. */
export function suggestId(id: unknown): string {
  const text = typeof id === 'string' ? id : '';
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/[^A-Za-z0-9]+$/, '');
  return cleaned.length > 0 ? cleaned : 'my-team';
}
