/**
 * The last check before a file of a run directory is written (or read back from a path a record
 * names): the path, resolved, must lie inside the directory. Ids are validated where they enter; this is defence in depth against a
 * record read back from disk or an id that slipped past registration.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FaultlineError } from '../core/errors.js';

/**
 * `dir/file` resolved, or a {@link FaultlineError} when `file` is absolute, contains a NUL, or
 * resolves outside `dir` (e.g. `../../x`).
 */
export function containedPath(dir: string, file: string): string {
  const root = resolve(dir);
  const target = typeof file === 'string' && !file.includes('\0') && !isAbsolute(file) ? resolve(root, file) : null;
  const rel = target === null ? '' : relative(root, target);
  if (target === null || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new FaultlineError(
      `Refusing the path ${JSON.stringify(String(file)).slice(0, 200)}: it is not a file inside the run directory ${root}. ` +
        'Episode files are named from env and team ids, which must be safe ids (A-Z a-z 0-9 . _ -); rename the team, or delete the tampered record.',
    );
  }
  return target;
}
