/**
 * The directories the bench's runs write their episodes and trajectory files into, and when they
 * are deleted.
 *
 * Deleting files can make creating files slow for minutes afterwards. On ext4 without a journal
 * (the file system of the machine the README's figures come from), allocating an inode skips every
 * free inode whose file was deleted less than a minute ago — six minutes while its inode table
 * block is not yet written back (`recently_deleted()` in the kernel's fs/ext4/ialloc.c,
 * `RECENTCY_MIN` and `RECENTCY_DIRTY`) — reading each one's deletion time on the way. After
 * 20,000 files were deleted, writing a recorded episode's trajectory file took 1,255 µs instead
 * of 250 (a fifth of an episode), and `perf` put nearly all of the difference in
 * `recently_deleted`. The bench deletes the run directories of
 * its own measurements (thousands of files per env for the settled rates, 111,000 for the RSS
 * curve), so each measurement that writes files paid for the deletions of the ones before it,
 * which no run of `faultline run` does.
 *
 * So, once {@link keepRunDirsUntilExit} is called (`npm run bench` does), a measurement done with
 * its directory only empties its files (the data blocks go back, the inodes stay allocated) and
 * everything is deleted when the process exits. Other callers (tests, scripts) get directories
 * deleted at once, as before.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round, wallMs } from './timing.js';

/** The directory every run directory is made in while deletion waits for the exit; null until then. */
let keptRoot: string | null = null;

/**
 * From now on, directories given back through {@link doneWithRunDir} are emptied, not deleted,
 * and all of them are deleted when the process exits (normally, or on SIGINT / SIGTERM).
 * Returns the directory they are made in. Idempotent.
 */
export function keepRunDirsUntilExit(): string {
  if (keptRoot !== null) return keptRoot;
  const root = mkdtempSync(join(tmpdir(), 'faultline-bench-runs-'));
  keptRoot = root;
  const remove = () => rmSync(root, { recursive: true, force: true });
  process.once('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      remove();
      // The usual exit status of a process ended by that signal.
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  return root;
}

/** A new, empty directory for one measurement's run (its name starts with `prefix`). */
export function benchRunDir(prefix: string): string {
  return mkdtempSync(join(keptRoot ?? tmpdir(), prefix));
}

/**
 * A measurement is done with `dir`: deleted at once, or, after {@link keepRunDirsUntilExit},
 * its files emptied and the directory left for the exit.
 */
export function doneWithRunDir(dir: string): void {
  if (keptRoot === null) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  emptyFiles(dir);
}

/** Truncates every file under `dir` to nothing, keeping the files themselves. */
function emptyFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) emptyFiles(path);
    else if (entry.isFile()) truncateSync(path, 0);
  }
}

/**
 * The median wall µs of creating one empty file in a new run directory (`count` files, each
 * opened for writing and closed). Where nothing was deleted recently it is tens of µs; hundreds
 * mean files deleted in the minutes before are slowing every file the measurements create.
 */
export function fileCreationUs(count = 200): number {
  const dir = benchRunDir('faultline-create-probe-');
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = wallMs();
      closeSync(openSync(join(dir, `${i}`), 'w'));
      samples.push((wallMs() - t0) * 1000);
    }
  } finally {
    doneWithRunDir(dir);
  }
  return round(median(samples), 1);
}
