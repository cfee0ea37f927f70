/**
 * Cassettes: the answers of model calls, stored per episode in `DIR/<episodeId>.jsonl` (one JSON
 * line per call), so a run can be replayed offline byte for byte. Modes:
 * - `record`: every call is live; the episode's first call (ordinal 1) empties its file (a re-run
 *   episode starts over) and each answer is appended.
 * - `replay`: answers come from the file only, by request key; a miss is a non-fatal
 *   `ProviderError` (the episode is errored), never a live call.
 * - `auto`: a hit is replayed, a miss goes live and is appended.
 * A cassette holds the request body and the answer: no header, no key, no base URL.
 */
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { FaultlineError } from '../../core/errors.js';
import { containedPath } from '../../run/contained-path.js';
import { ensureRunDir } from '../../run/run-dir.js';
import { ProviderError } from '../../team/provider-error.js';
import type { ModelMessage, ProviderAttempt, TokenUsage } from '../../team/turn.js';
import type { CassetteMode, ChatRequest } from '../types.js';

/** One recorded call: a line of a cassette file. */
export interface CassetteEntry {
  readonly key: string;
  readonly ordinal: number;
  readonly request: ChatRequest;
  readonly answer: {
    readonly message: ModelMessage;
    readonly usage: TokenUsage;
    readonly latencyMs: number;
    readonly attempts: readonly ProviderAttempt[];
  };
}

/** Episodes whose loaded entries stay in memory (a run may have thousands; a few are in flight). */
const KEEP_EPISODES = 256;

/** A recorded answer (what a hit returns). */
export type CassetteAnswer = CassetteEntry['answer'];

interface Loaded {
  /** Answers only: the requests, most of a file's bytes, are not needed to serve a hit. */
  readonly byKey: Map<string, CassetteAnswer>;
  /** Bytes up to the end of the last complete line (a torn tail is cut before appending). */
  validBytes: number;
  size: number;
}

/** A cassette directory in one mode. */
export class Cassette {
  private readonly loaded = new Map<string, Loaded>();
  /** Writes per episode, in order (an episode's calls are sequential; this keeps appends so). */
  private readonly writes = new Map<string, Promise<void>>();
  private madeDir = false;

  constructor(
    /** The directory of the cassette files. */
    readonly dir: string,
    /** How it is used (`off` is never constructed: no cassette). */
    readonly mode: Exclude<CassetteMode, 'off'>,
  ) {}

  /** The file of an episode (inside the directory, whatever the id). */
  fileOf(episodeId: string): string {
    return containedPath(this.dir, `${episodeId}.jsonl`);
  }

  /**
   * Drops what was loaded of an episode's file, so its next lookup reads the file again: called at
   * an episode's first call. The file may have been written since it was loaded (a queue worker
   * puts each job's cassette in place before the episode runs it again).
   */
  forget(episodeId: string): void {
    if (!this.writes.has(episodeId)) this.loaded.delete(episodeId);
  }

  /** The recorded answer for a key (replay and auto), or null. Loads the episode's file once. */
  async lookup(episodeId: string, key: string): Promise<CassetteAnswer | null> {
    const loaded = await this.load(episodeId);
    return loaded.byKey.get(key) ?? null;
  }

  /** The error for a replay miss: names the episode, the call, the key and where to record it. */
  missError(episodeId: string, ordinal: number, key: string): ProviderError {
    const known = this.loaded.get(episodeId)?.byKey.size ?? 0;
    return new ProviderError(
      `No recorded answer for episode ${episodeId}, model call #${ordinal} (request key ${key}) in ${this.fileOf(episodeId)} ` +
        `(${known === 0 ? 'no answers recorded for this episode' : `${known} answers recorded for this episode, none for this request: the prompt or the team changed since`}). ` +
        `--llm-cache-mode replay never calls the model; record it with --llm-cache-mode record or auto (cache directory ${this.dir}).`,
    );
  }

  /** Empties an episode's file: its first call in `record` mode (a re-run starts over). */
  async startEpisode(episodeId: string): Promise<void> {
    await this.queue(episodeId, async () => {
      this.ensureDir();
      await writeFile(this.fileOf(episodeId), '');
      this.loaded.set(episodeId, { byKey: new Map(), validBytes: 0, size: 0 });
      this.trim();
    });
  }

  /** Appends an answer to its episode's file (cutting a torn last line first). */
  async append(episodeId: string, entry: CassetteEntry): Promise<void> {
    await this.queue(episodeId, async () => {
      this.ensureDir();
      const file = this.fileOf(episodeId);
      const loaded = await this.load(episodeId);
      if (loaded.validBytes < loaded.size) await truncate(file, loaded.validBytes);
      const line = `${JSON.stringify(entry)}\n`;
      const handle = await open(file, 'a');
      try {
        await handle.write(line);
      } finally {
        await handle.close();
      }
      const bytes = Buffer.byteLength(line);
      loaded.validBytes += bytes;
      loaded.size = loaded.validBytes;
      loaded.byKey.set(entry.key, entry.answer);
    });
  }

  private async queue(episodeId: string, work: () => Promise<void>): Promise<void> {
    const before = this.writes.get(episodeId) ?? Promise.resolve();
    const next = before.then(work, work);
    this.writes.set(episodeId, next);
    try {
      await next;
    } finally {
      if (this.writes.get(episodeId) === next) this.writes.delete(episodeId);
    }
  }

  private ensureDir(): void {
    if (this.madeDir) return;
    // Not a recursive mkdir: Node 20's never returns for a path where no directory can be made.
    ensureRunDir(this.dir, 'cassette.dir');
    this.madeDir = true;
  }

  private async load(episodeId: string): Promise<Loaded> {
    const known = this.loaded.get(episodeId);
    if (known !== undefined) {
      // Most recently used last, so trim() drops the coldest episodes.
      this.loaded.delete(episodeId);
      this.loaded.set(episodeId, known);
      return known;
    }
    const file = this.fileOf(episodeId);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const loaded = parseCassette(text, file);
    this.loaded.set(episodeId, loaded);
    this.trim();
    return loaded;
  }

  private trim(): void {
    while (this.loaded.size > KEEP_EPISODES) {
      const oldest = this.loaded.keys().next().value;
      if (oldest === undefined) return;
      this.loaded.delete(oldest);
    }
  }
}

/**
 * Why `text` is not a cassette file's content (a line that is not a recorded call), or null when it
 * is. What a queue worker returns is checked with it before the coordinator stores it.
 */
export function cassetteProblem(text: string): string | null {
  const read = readLines(text);
  if ('badLine' in read) return `line ${read.badLine} is not a recorded model call`;
  return read.tail === '' ? null : 'its last line is not complete';
}

/**
 * The recorded calls of a cassette's complete lines and what follows its last newline (a line a
 * crash cut short, or nothing), or the number of the first line that is not a recorded call.
 */
function readLines(
  text: string,
): { readonly entries: CassetteEntry[]; readonly tail: string } | { readonly badLine: number } {
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const entries: CassetteEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const entry = parseEntry(line);
    if (entry === null) return { badLine: i + 1 };
    entries.push(entry);
  }
  return { entries, tail };
}

function parseCassette(text: string, file: string): Loaded {
  const read = readLines(text);
  if ('badLine' in read)
    throw new FaultlineError(
      `Cassette ${file}, line ${read.badLine}: not a recorded model call (expected a JSON object with key, ordinal, request and answer{message, usage, latencyMs, attempts}). ` +
        'Fix: delete the file and record the episode again with --llm-cache-mode record.',
    );
  const byKey = new Map<string, CassetteAnswer>();
  for (const entry of read.entries) byKey.set(entry.key, entry.answer);
  const size = Buffer.byteLength(text);
  // Every line is written with its newline in one write, so a tail without one is torn.
  return { byKey, validBytes: size - Buffer.byteLength(read.tail), size };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isToolCall(v: unknown): boolean {
  return (
    isObject(v) && typeof v['id'] === 'string' && typeof v['name'] === 'string' && typeof v['arguments'] === 'string'
  );
}

function isAttempt(v: unknown): boolean {
  return (
    isObject(v) &&
    (v['status'] === null || isCount(v['status'])) &&
    typeof v['error'] === 'string' &&
    isCount(v['waitedMs'])
  );
}

/** A line as a recorded call, or null when any field has the wrong shape (a cassette is input too). */
function parseEntry(line: string): CassetteEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value['key'] !== 'string' || !isCount(value['ordinal'])) return null;
  const answer = value['answer'];
  if (!isObject(answer) || !isObject(answer['message']) || !isObject(answer['usage'])) return null;
  const { message, usage } = answer;
  if (!isCount(answer['latencyMs']) || !Array.isArray(answer['attempts']) || !answer['attempts'].every(isAttempt))
    return null;
  if (!isCount(usage['promptTokens']) || !isCount(usage['completionTokens']) || !isCount(usage['cachedTokens']))
    return null;
  if (message['content'] !== null && typeof message['content'] !== 'string') return null;
  if (message['reasoning'] !== undefined && typeof message['reasoning'] !== 'string') return null;
  if (!Array.isArray(message['toolCalls']) || !message['toolCalls'].every(isToolCall)) return null;
  return value as unknown as CassetteEntry;
}
