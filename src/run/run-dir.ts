/**
 * Making a run directory, with an error that names `--out` when it cannot be one: a path that is a
 * file, or a place where no directory can be made.
 *
 * Not `mkdirSync(dir, { recursive: true })`: on Node 20 it never returns for a path under a file
 * system that refuses new entries with ENOENT (`--out /proc/x` kept a core busy until killed). Each
 * missing level is made on its own instead, so every refusal is an error.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';

/** Makes `dir` and its missing parents; throws an {@link InvalidArgumentError} for `field` when it cannot. */
export function ensureRunDir(dir: string, field = '--out'): void {
  const missing: string[] = [];
  let path = resolve(dir);
  for (;;) {
    const kind = kindOf(path);
    if (kind === 'dir') break;
    if (kind === 'other')
      throw new InvalidArgumentError(
        field,
        dir,
        path === resolve(dir) ? 'a directory, but it is a file' : `a directory, but ${path} is a file`,
        'pass the path of a directory (it is created if missing)',
      );
    missing.push(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Made meanwhile by another process: as good.
      if (code === 'EEXIST' && kindOf(level) === 'dir') continue;
      throw new InvalidArgumentError(
        field,
        dir,
        `a directory that can be created, but making ${level} failed (${code ?? (e as Error).message})`,
        'pass a directory this user can write to',
      );
    }
  }
}

/** Whether `path` is a directory, something else (a file, a socket …), or nothing. */
export function kindOf(path: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}
