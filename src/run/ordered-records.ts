/**
 * Reading `episodes.jsonl` in key order without holding its records: one pass notes where each
 * line is and where it belongs, a second reads the lines in plan order (the file is nearly in
 * order already, so reads mostly hit the same window) and hands each to a visitor — and, for a
 * finished run, writes them to the canonical file. Memory: a few numbers per line.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync } from 'node:fs';
import type { EpisodeRecord } from './records.js';
import { BufferedFile } from './buffered-file.js';

/** Options of {@link visitRecordsInOrder}. */
export interface VisitInOrderOptions {
  /** Rewrite the file with its lines in plan order (atomically, via rename). @defaultValue false */
  readonly rewrite?: boolean;
}

/**
 * Bytes read or written at once. Small enough that the buffers stay few pages: each first touch
 * of fresh memory is a page fault, and with 1 MB buffers (and a new one per read) those faults
 * were most of the rewrite at the end of a run.
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
    const lines = indexLines(fd, rankOf);
    const order = lines.ranks.map((_, i) => i).sort((a, b) => lines.ranks[a]! - lines.ranks[b]!);
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
}

function indexLines(fd: number, rankOf: (id: string) => number | undefined): LineIndex {
  const out: LineIndex = { offsets: [], lengths: [], ranks: [] };
  const seen = new Set<number>();
  const size = fstatSync(fd).size;
  let buffer = Buffer.allocUnsafe(WINDOW);
  // The unfinished line at the end of one read is moved to the front of the same buffer and the
  // next read lands after it: no new buffer per read (fresh memory costs a page fault per 4 KB).
  let carry = 0;
  let position = 0;
  while (position < size) {
    if (carry === buffer.length) {
      // One line longer than the buffer: a larger one.
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, carry);
      buffer = larger;
    }
    const n = readSync(fd, buffer, carry, Math.min(buffer.length - carry, size - position), position);
    if (n === 0) break;
    const chunk = buffer.subarray(0, carry + n);
    const chunkStart = position - carry;
    position += n;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (nl > start) {
        const rank = rankOf(idOf(chunk, start, nl));
        if (rank !== undefined && !seen.has(rank)) {
          seen.add(rank);
          out.offsets.push(chunkStart + start);
          out.lengths.push(nl + 1 - start);
          out.ranks.push(rank);
        }
      }
      start = nl + 1;
    }
    carry = chunk.length - start;
    buffer.copyWithin(0, start, chunk.length);
  }
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
