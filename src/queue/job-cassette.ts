/**
 * Cassettes on a queue: a run's `--llm-cache` directory stays on the coordinator's machine, and
 * each episode's cassette file travels with its job. A worker on another machine has no such
 * directory (or another one at that path), so the coordinator puts the episode's recorded answers
 * in the job (replay and auto), the worker plays the episode against a private directory of its
 * own, and returns the file the episode left there (record and auto), which the coordinator
 * stores in its directory before it records the episode. A job never names a path a worker
 * writes to: whatever directory a job's setup names, the worker uses its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { containedPath } from '../run/contained-path.js';
import type { CassetteMode } from '../llm/types.js';
import type { PortableSetup, SetupRole } from './portable-modules.js';
import { isPlainRecord } from '../core/check-values.js';

/** A cassette directory and its mode, as a setup module's options hold it. */
export interface CassetteSetting {
  readonly dir: string;
  readonly mode: Exclude<CassetteMode, 'off'>;
}

/** Where each setup module reads its cassette setting in its options (null: it has none). */
const CASSETTE_PATHS: Readonly<Record<SetupRole, readonly string[] | null>> = {
  builtins: null,
  llm: ['gateway', 'cassette'],
  'team-cmd': ['proxy', 'gateway', 'cassette'],
};

/** What a job's setup names as the cassette directory: every worker uses a directory of its own instead. */
export const WORKER_CASSETTE_DIR = "(the worker's own)";

/** The largest cassette file a job or a result may unpack to. */
export const MAX_CASSETTE_BYTES = 256 * 1024 * 1024;

const MODES: ReadonlySet<string> = new Set(['record', 'replay', 'auto']);

/** The options object that holds `path`'s last key, or null when the options do not have that shape. */
function holderOf(options: unknown, path: readonly string[]): Record<string, unknown> | null {
  let at: unknown = options;
  for (const key of path.slice(0, -1)) {
    if (!isPlainRecord(at)) return null;
    at = at[key];
  }
  return isPlainRecord(at) ? at : null;
}

/** The cassette setting of a setup entry, of whatever shape, where its module reads one; null when it has none. */
function cassetteObjectOf(entry: PortableSetup): Record<string, unknown> | null {
  const path = CASSETTE_PATHS[entry.module];
  if (path === null) return null;
  const cassette = holderOf(entry.options, path)?.[path[path.length - 1] as string];
  return isPlainRecord(cassette) ? cassette : null;
}

/** Whether a setup entry's cassette setting, where its module reads one, replays only (its gateway then calls no model). */
export function replaysOnly(entry: PortableSetup): boolean {
  return cassetteObjectOf(entry)?.['mode'] === 'replay';
}

/**
 * The cassette a run's setup uses, or null. Setup modules built from one command's flags share
 * one `--llm-cache`; the first found is the run's.
 */
export function setupCassette(setup: readonly PortableSetup[]): CassetteSetting | null {
  for (const entry of setup) {
    const cassette = cassetteObjectOf(entry);
    if (cassette !== null && typeof cassette['dir'] === 'string' && MODES.has(cassette['mode'] as string))
      return { dir: cassette['dir'], mode: cassette['mode'] as CassetteSetting['mode'] };
  }
  return null;
}

/**
 * Whether some entry of `setup` has a cassette setting of any shape where its module reads one: a
 * worker then points it at its own directory, even when it is not a setting this version would
 * make (a hostile job's, say), so that no job chooses where a worker writes.
 */
export function namesCassette(setup: readonly PortableSetup[]): boolean {
  return setup.some((entry) => cassetteObjectOf(entry) !== null);
}

/**
 * `setup` with every cassette setting's directory replaced by `dir` (the options are copied along
 * the way; nothing is changed in place). Entries without a cassette are returned as they are.
 */
export function withCassetteDir(setup: readonly PortableSetup[], dir: string): PortableSetup[] {
  return setup.map((entry) =>
    cassetteObjectOf(entry) === null
      ? entry
      : { ...entry, options: replaced(entry.options, CASSETTE_PATHS[entry.module] as readonly string[], dir) },
  );
}

/** A copy of `value` with `{ dir }` set on the object at `path`. */
function replaced(value: unknown, path: readonly string[], dir: string): unknown {
  const object = value as Record<string, unknown>;
  const [key, ...rest] = path as [string, ...string[]];
  return {
    ...object,
    [key]: rest.length === 0 ? { ...(object[key] as object), dir } : replaced(object[key], rest, dir),
  };
}

/** Gzipped and in base64, as jobs and results carry files. */
export function packText(text: string): string {
  return gzipSync(text).toString('base64');
}

/** The text {@link packText} packed; throws when it is not a gzip stream or unpacks to more than the limit. */
export function unpackText(packed: string): string {
  return gunzipSync(Buffer.from(packed, 'base64'), { maxOutputLength: MAX_CASSETTE_BYTES }).toString('utf8');
}

/**
 * The cassette of episode `episode` for its job, packed, or undefined when the coordinator's
 * directory has none (or the mode records every call afresh). A replay needs only the answers:
 * the requests, most of a file's bytes, are left out of what the job carries.
 */
export function cassetteForJob(cassette: CassetteSetting, episode: string): string | undefined {
  if (cassette.mode === 'record') return undefined;
  let text: string;
  try {
    text = readFileSync(containedPath(cassette.dir, `${episode}.jsonl`), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return packText(cassette.mode === 'replay' ? answersOnly(text) : text);
}

/** A cassette's complete lines without their requests (a line that does not parse is kept as it is). */
function answersOnly(text: string): string {
  const lines = text.split('\n');
  // A torn last line (no newline after it) is dropped, as the cassette drops it when it loads.
  lines.pop();
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        return isPlainRecord(entry)
          ? JSON.stringify({ key: entry['key'], ordinal: entry['ordinal'], answer: entry['answer'] })
          : line;
      } catch {
        return line;
      }
    })
    .map((line) => `${line}\n`)
    .join('');
}

/** Stores the cassette a worker returned for `episode` in the coordinator's directory (atomically). */
export function storeCassette(cassette: CassetteSetting, episode: string, text: string): void {
  const file = containedPath(cassette.dir, `${episode}.jsonl`);
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/**
 * A worker's private cassette directory: each job's cassette is put there before its episode runs
 * and taken back after it, so nothing of one run's cassettes stays for another.
 */
export class WorkerCassettes {
  #dir: string | null = null;
  /** The attempt of each episode playing here: a job retaken while its earlier attempt runs waits for it (they share a file). */
  readonly #attempts = new Map<string, Promise<unknown>>();

  /** The directory, made on first use. */
  get dir(): string {
    this.#dir ??= mkdtempSync(join(tmpdir(), 'faultline-worker-cassettes-'));
    return this.#dir;
  }

  /**
   * Runs `run` (an episode whose gateway uses {@link dir}) with the job's cassette file `text` in
   * place for `episode` (none: it starts with no answers), and returns its value with the file it
   * left, packed, when `mode` stores answers. The file is removed after, whatever happened.
   */
  async play<T>(
    episode: string,
    mode: CassetteSetting['mode'],
    text: string | undefined,
    run: () => Promise<T>,
  ): Promise<{ readonly value: T; readonly cassette: string | undefined }> {
    const earlier = this.#attempts.get(episode);
    const attempt = (async () => {
      await earlier?.catch(() => undefined);
      this.#prepare(episode, text);
      try {
        const value = await run();
        return { value, cassette: this.#collect(episode, mode) };
      } finally {
        rmSync(this.#fileOf(episode), { force: true });
      }
    })();
    this.#attempts.set(episode, attempt);
    try {
      return await attempt;
    } finally {
      if (this.#attempts.get(episode) === attempt) this.#attempts.delete(episode);
    }
  }

  /** Removes the directory and what is left in it. */
  close(): void {
    if (this.#dir !== null) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = null;
  }

  #prepare(episode: string, text: string | undefined): void {
    const file = this.#fileOf(episode);
    if (text === undefined) rmSync(file, { force: true });
    else writeFileSync(file, text);
  }

  /** The file `episode` left, packed, when `mode` stores answers (and it made one). */
  #collect(episode: string, mode: CassetteSetting['mode']): string | undefined {
    if (mode === 'replay') return undefined;
    try {
      return packText(readFileSync(this.#fileOf(episode), 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  #fileOf(episode: string): string {
    return containedPath(this.dir, `${episode}.jsonl`);
  }
}
