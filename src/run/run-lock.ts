/**
 * One writer per run directory. Two processes recording into the same directory — a run started
 * twice with `--resume`, a server and a run given the same `--out` — would interleave their
 * records, write the same trajectory files and each rewrite the summary over the other's. So a
 * writer holds `DIR/run.lock` while it records, and a second one is refused, naming the first.
 *
 * The lock file names its owner (process, thread, host, command). A lock whose process has ended
 * (killed with `kill -9`, a machine that went down) is stale and is taken over; a lock of another
 * host cannot be checked, so it is refused with the file to delete. The file is created under its
 * final name by `link`, which fails when the name exists: a reader never sees a half-written lock.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { ensureRunDir } from './run-dir.js';
import { FaultlineError } from '../core/errors.js';

/** The lock file's name inside a run directory. */
export const RUN_LOCK_FILE = 'run.lock';

/** Who holds a run directory (the lock file's content). */
export interface RunLockOwner {
  readonly pid: number;
  readonly threadId: number;
  readonly host: string;
  /** What holds it, for the message of a refused writer ("faultline run", "faultline serve"). */
  readonly command: string;
  /** When it was taken (ISO 8601). */
  readonly since: string;
}

/** The lock files this thread holds, so that its own locks are told from stale ones. */
const heldHere = new Set<string>();

/** A held lock on a run directory; {@link RunLock.release} it when done (process exit does too). */
export class RunLock {
  readonly #file: string;
  /** The lock file's text and inode as this writer created it: a later writer's differ. */
  readonly #text: string;
  readonly #inode: number;
  readonly #onExit: () => void;
  #released = false;

  private constructor(file: string, text: string) {
    this.#file = file;
    this.#text = text;
    this.#inode = statSync(file).ino;
    // A process that exits without releasing (an uncaught error, process.exit) leaves no lock.
    this.#onExit = () => this.release();
    process.once('exit', this.#onExit);
    heldHere.add(file);
  }

  /**
   * Takes the lock of `dir` (created if missing) for `command`. Throws a {@link FaultlineError}
   * naming the holder when another live writer has it, and an `InvalidArgumentError` naming
   * `field` (the option that gave `dir`) when `dir` is a file or cannot be made.
   */
  static acquire(dir: string, command: string, field = '--out'): RunLock {
    ensureRunDir(dir, field);
    // One name per directory however it is spelled (relative, through a link): this thread's own
    // locks are recognised by it.
    const file = join(realpathSync(dir), RUN_LOCK_FILE);
    const owner: RunLockOwner = {
      pid: process.pid,
      threadId,
      host: hostname(),
      command,
      since: new Date().toISOString(),
    };
    // Written aside, then linked under the lock's name: the link fails if a lock is there.
    const draft = `${file}.${process.pid}.${threadId}.tmp`;
    const text = `${JSON.stringify(owner)}\n`;
    writeFileSync(draft, text);
    try {
      // Three times at most: after a stale lock is cleared, and after losing the clearing to another writer.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(draft, file);
          return new RunLock(file, text);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const found = readLock(file);
        if (found === null) continue;
        if (found.owner !== null && isLive(found.owner, file)) throw inUse(dir, file, found.owner);
        // Its process is gone (or the file is not a lock's): the directory is free again.
        clearStaleLock(file, found);
      }
      throw new FaultlineError(`Other processes took ${file} while this one was clearing a stale lock; try again.`);
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Gives the directory up. Safe to call more than once; leaves a lock another writer took alone. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    process.removeListener('exit', this.#onExit);
    heldHere.delete(this.#file);
    try {
      if (statSync(this.#file).ino === this.#inode && readFileSync(this.#file, 'utf8') === this.#text)
        rmSync(this.#file, { force: true });
    } catch {
      // Already gone (deleted by hand, or the directory with it).
    }
  }
}

/** The owner a lock file names, or null when it is missing or not a lock's content. */
export function readOwner(file: string): RunLockOwner | null {
  return readLock(file)?.owner ?? null;
}

/** A lock file as read: its text and inode, and the owner it names (null for content that is no lock's). */
export interface FoundLock {
  readonly text: string;
  readonly inode: number;
  readonly owner: RunLockOwner | null;
}

/** Reads the lock file `file` (null when there is none): text and inode from one open file. */
export function readLock(file: string): FoundLock | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const text = readFileSync(fd, 'utf8');
    return { text, inode: fstatSync(fd).ino, owner: ownerOf(text) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the lock file `file` if it is still the `stale` one read before; true if it did.
 * Deleting by name could delete the fresh lock of a writer that cleared the same stale lock a
 * moment earlier, and both would then hold the directory. So the file is first moved aside (a
 * rename moves exactly one file, whichever is there now); if it is not the stale one, it goes back
 * under its name. The stale one is told by inode and text together: a file system reuses a freed
 * inode at once, and a fresh lock's text (pid, thread, since) differs from an ended writer's.
 */
export function clearStaleLock(file: string, stale: Pick<FoundLock, 'text' | 'inode'>): boolean {
  const aside = `${file}.${process.pid}.${threadId}.stale`;
  try {
    renameSync(file, aside);
  } catch (e) {
    // Already cleared by another writer: nothing to remove.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    if (statSync(aside).ino === stale.inode && readFileSync(aside, 'utf8') === stale.text) return true;
    // Another writer's fresh lock: put it back. (Should a third writer link its own in this
    // instant, the name is not given back and two writers hold the directory: three writers
    // clearing one stale lock at the same moment is the one case this does not handle.)
    try {
      linkSync(aside, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    return false;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The owner a lock file's text names, or null when it is not a lock's content. */
function ownerOf(text: string): RunLockOwner | null {
  try {
    const parsed = JSON.parse(text) as Partial<RunLockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      threadId: typeof parsed.threadId === 'number' ? parsed.threadId : 0,
      host: parsed.host,
      command: typeof parsed.command === 'string' ? parsed.command : 'another process',
      since: typeof parsed.since === 'string' ? parsed.since : '?',
    };
  } catch {
    return null;
  }
}

/** Whether the writer a lock names may still be running. */
function isLive(owner: RunLockOwner, file: string): boolean {
  // Another machine's process cannot be looked up: assume it runs.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) {
    // This thread's own lock, or another thread's of this process; on this thread and not held,
    // it is an earlier process's that had the same pid (a container's first process).
    return owner.threadId !== threadId || heldHere.has(file);
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, file: string, holder: RunLockOwner): FaultlineError {
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
  return new FaultlineError(
    `${dir} is in use by ${holder.command} (${where}, since ${holder.since}): two writers would interleave their records. Wait for it to finish or stop it, or pick another directory; if that process is no longer running, delete ${file}.`,
  );
}
