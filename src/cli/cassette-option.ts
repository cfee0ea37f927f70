/**
 * `--llm-cache DIR` with `--llm-cache-mode`: the cassette the model gateway records to or replays
 * from, checked before anything runs. Without the check, a cache path that is a file failed each
 * episode's first model call on its own, a replay from a directory that does not exist (a typo)
 * ran every episode to a "no recorded answer" error, and a path where no directory can be made
 * hung in Node 20's recursive mkdir at the first answer recorded.
 */
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import type { CassetteMode } from '../llm/types.js';
import { ensureRunDir, kindOf } from '../run/run-dir.js';

/** The two cassette flags as commander parses them. */
export interface CassetteFlags {
  readonly llmCache?: string;
  readonly llmCacheMode?: CassetteMode;
}

/** The gateway's cassette setting (an absolute directory and its mode), or null for none. */
export type CassetteSetting = { readonly dir: string; readonly mode: CassetteMode } | null;

/**
 * The cassette the flags ask for, its directory checked: `replay` needs an existing directory;
 * `record` and `auto` make it now (so an unusable path is a usage error naming `--llm-cache`).
 * `--llm-cache` alone means `auto`; no `--llm-cache` (or mode `off`) means no cassette.
 */
export function cassetteFrom(flags: CassetteFlags): CassetteSetting {
  const mode: CassetteMode = flags.llmCacheMode ?? (flags.llmCache !== undefined ? 'auto' : 'off');
  if (mode === 'off' || flags.llmCache === undefined) return null;
  const dir = resolve(flags.llmCache);
  if (mode !== 'replay') {
    ensureRunDir(dir, '--llm-cache');
    return { dir, mode };
  }
  const kind = kindOf(dir);
  if (kind !== 'dir')
    throw new InvalidArgumentError(
      '--llm-cache',
      flags.llmCache,
      `a cassette directory recorded earlier (--llm-cache-mode replay never calls the model), but ${kind === 'none' ? 'it does not exist' : 'it is a file'}`,
      'pass the directory a run with --llm-cache-mode record or auto wrote, or use --llm-cache-mode auto to record what is missing',
    );
  return { dir, mode };
}
