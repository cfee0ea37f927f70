/**
 * Reading `episodes.jsonl` in key order without holding its records: one pass notes where each
 * line is and where it belongs, a second reads the lines in plan order (the file is nearly in
 * order already, so reads mostly hit the same window) and hands each to a visitor — and, for a
 * finished run, writes them to the canonical file. Memory: a few numbers per line.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync } from 'node:fs';
import type { EpisodeRecord } from './records.js';
import { BufferedFile } from './buffered-file.js';
import { forEachLineSpan } from './jsonl-lines.js';
import { FaultlineError } from '../core/errors.js';

/** Options of {@link visitRecordsInOrder}. */
export interface VisitInOrderOptions {
  /** Rewrite the file with its lines in plan order (atomically, via rename). @defaultValue false */
  readonly rewrite?: boolean;
  /**
   * How many records a rewrite must keep (what the run recorded). Fewer, and the file is left as
   * it is and a {@link FaultlineError} names the first record without a place in the plan: a
   * rewrite never drops a record it was not meant to.
   */
  readonly expected?: number;
}

/**
 * Bytes of the window lines are read back through: a few pages (each first touch of fresh memory
 * is a page fault, and 1 MB buffers made those most of the rewrite at the end of a run).
 */
const WINDOW = 1 << 18;

/**
 * Calls `visit` for each line of `file` whose episode id has a rank (its place in the plan), in
 * rank order; a line whose id has no rank, a repeated id and a torn last line are skipped. With
 * `visit` null the lines are not parsed (a rewrite alone). Returns how many lines were kept.
 */
export function visitRecordsInOrder(
  file: string,
  rankOf: (id: string) => number | undefined,
  visit: ((record: EpisodeRecord) => void) | null,
  options: VisitInOrderOptions = {},
): number {
  const fd = openSync(file, 'r');
  try {
    const lines = indexLines(file, rankOf);
    const order = lines.ranks.map((_, i) => i).sort((a, b) => lines.ranks[a]! - lines.ranks[b]!);
    if (options.rewrite === true && options.expected !== undefined && order.length < options.expected)
      throw new FaultlineError(
        `${file} holds ${options.expected} recorded episodes but only ${order.length} have a place in the run's plan${lines.unranked === null ? '' : ` (the first without one: ${lines.unranked})`}. The file was left as it is, so no record is lost; this is a bug in faultline (please report it).`,
      );
    // A file that holds exactly the kept lines, already in order, is its own rewrite.
    const rewrite = options.rewrite === true && !inOrderAlready(lines, order, fstatSync(fd).size);
    if (visit === null && !rewrite) return order.length;
    const reader = new WindowReader(fd);
    const writer = rewrite ? new BufferedFile(`${file}.tmp`) : null;
    try {
      for (const i of order) {
        const line = reader.read(lines.offsets[i]!, lines.lengths[i]!);
        visit?.(JSON.parse(line.toString('utf8')) as EpisodeRecord);
        writer?.write(line);
      }
      writer?.close();
    } catch (error) {
      writer?.abandon();
      throw error;
    }
    if (writer) renameSync(`${file}.tmp`, file);
    return order.length;
  } finally {
    closeSync(fd);
  }
}

/** Whether the kept lines, in `order`, are the whole file as it is: nothing left out, nothing to move. */
function inOrderAlready(lines: LineIndex, order: readonly number[], size: number): boolean {
  let at = 0;
  for (const i of order) {
    if (lines.offsets[i] !== at) return false;
    at += lines.lengths[i]!;
  }
  return at === size;
}

/** Where each kept line (newline included) starts, how long it is, and its rank. */
interface LineIndex {
  readonly offsets: number[];
  readonly lengths: number[];
  readonly ranks: number[];
  /** The id of the first complete line whose episode has no rank, if any. */
  unranked: string | null;
}

function indexLines(file: string, rankOf: (id: string) => number | undefined): LineIndex {
  const out: LineIndex = { offsets: [], lengths: [], ranks: [], unranked: null };
  const seen = new Set<number>();
  forEachLineSpan(file, (bytes, start, end, offset) => {
    if (end === start) return;
    const id = idOf(bytes, start, end);
    const rank = rankOf(id);
    if (rank === undefined && id !== '') out.unranked ??= id;
    if (rank === undefined || seen.has(rank)) return;
    seen.add(rank);
    out.offsets.push(offset);
    out.lengths.push(end + 1 - start);
    out.ranks.push(rank);
  });
  return out;
}

const ID_PREFIX = Buffer.from('{"id":"');

/** The episode id of a line: records start with it, so no need to parse the whole line. */
function idOf(chunk: Buffer, start: number, end: number): string {
  if (chunk.subarray(start, start + ID_PREFIX.length).equals(ID_PREFIX)) {
    const close = chunk.indexOf(34, start + ID_PREFIX.length);
    // Ids are file-name-safe (no quotes or escapes), so the next quote ends it.
    if (close !== -1 && close < end) return chunk.toString('utf8', start + ID_PREFIX.length, close);
  }
  try {
    const parsed = JSON.parse(chunk.toString('utf8', start, end)) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : '';
  } catch {
    return '';
  }
}

/** Reads byte ranges of a file through a window, so nearly sequential reads cost few syscalls. */
class WindowReader {
  #window = Buffer.allocUnsafe(WINDOW);
  #start = 0;
  #end = 0;

  constructor(private readonly fd: number) {}

  read(offset: number, length: number): Buffer {
    if (offset < this.#start || offset + length > this.#end) {
      if (length > this.#window.length) this.#window = Buffer.allocUnsafe(length);
      const n = readSync(this.fd, this.#window, 0, this.#window.length, offset);
      this.#start = offset;
      this.#end = offset + n;
    }
    return this.#window.subarray(offset - this.#start, offset - this.#start + length);
  }
}
