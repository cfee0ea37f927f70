/**
 * Whether a directory already holds a recorded run, and the refusal to start a new one over it.
 * A run of model-backed teams can cost hours and money; starting another run in its directory
 * would delete its records, so that takes an explicit `--overwrite` (or `--resume` to add to it).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { readManifest } from './manifest.js';

/**
 * What shows that `dir` holds a run — its `run.json`, its `episodes.jsonl` or a trajectory
 * file — described for an error message, or null when it holds none (missing, empty, or other
 * files only).
 */
export function heldRun(dir: string): string | null {
  const manifest = readManifest(dir);
  if (manifest)
    return `a ${manifest.status} run of ${manifest.recorded}/${manifest.planned} episodes started ${manifest.startedAt}`;
  if (existsSync(join(dir, 'episodes.jsonl'))) return 'a run (its episodes.jsonl)';
  const trajectories = join(dir, 'trajectories');
  if (existsSync(trajectories) && readdirSync(trajectories).length > 0) return 'a run (its trajectories/)';
  return null;
}

/** Where {@link assertNoHeldRun} is asked from, for its message. */
export interface HeldRunCheck {
  /** Replace the run the directory holds. @defaultValue false */
  readonly overwrite?: boolean;
  /** The option that named the directory. @defaultValue '--out' */
  readonly field?: string;
  /** What to do instead. @defaultValue resume it, overwrite it or pick another directory */
  readonly fix?: string;
}

/**
 * Throws an {@link InvalidArgumentError} unless a new run may be recorded in `dir`: it holds no
 * run, or `overwrite` says to replace the one it holds.
 */
export function assertNoHeldRun(dir: string, check: HeldRunCheck = {}): void {
  if (check.overwrite) return;
  const held = heldRun(dir);
  if (held === null) return;
  throw new InvalidArgumentError(
    check.field ?? '--out',
    dir,
    `a new or empty directory, but it already holds ${held}`,
    check.fix ??
      'pass --resume to finish or extend that run, --overwrite to delete its records and start over, or another directory',
  );
}

/** Throws unless at most one of `resume` (keep the recorded run) and `overwrite` (delete it) is set. */
export function assertResumeOrOverwrite(options: { readonly resume?: boolean; readonly overwrite?: boolean }): void {
  if (options.resume && options.overwrite)
    throw new InvalidArgumentError(
      '--overwrite',
      true,
      'not together with --resume (one keeps the recorded run, the other deletes it)',
      'drop one of them',
    );
}

/**
 * Throws an {@link InvalidArgumentError} for the first flag of `flags` that is set while `out` (the
 * run directory) is not: each of them (`--resume`, `--overwrite`, …) acts on a run directory.
 */
export function assertOutGiven(out: string | undefined, flags: Readonly<Record<string, boolean | undefined>>): void {
  if (out) return;
  for (const [name, set] of Object.entries(flags))
    if (set)
      throw new InvalidArgumentError(
        name,
        true,
        'to be used with --out DIR, the run directory it acts on',
        `add --out DIR, or drop ${name}`,
      );
}
