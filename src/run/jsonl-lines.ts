/**
 * The lines of a JSON-lines file, read through one small buffer: a run's `episodes.jsonl` grows
 * with the run (about 4.6 KB a record, 460 MB at 100,000 episodes), so reading it whole would
 * hold it all in memory — and a file past V8's longest string (about 512 MB) cannot be read as
 * one string at all.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at once; a longer line grows the buffer. */
const WINDOW = 1 << 18;

/** What {@link forEachLine} saw besides the lines it visited. */
export interface LinesRead {
  /** Complete lines (those ending with a newline), empty ones included. */
  readonly lines: number;
  /** What follows the last newline, '' when nothing does: in a JSON-lines file, a line cut short (a torn write). */
  readonly tail: string;
}

/**
 * One complete line of a file as bytes: `bytes[start, end)` without its newline (`bytes[end]`),
 * starting at byte `offset` of the file, numbered from 1. The buffer is reused by the next read:
 * copy what must outlive the call.
 */
export type LineSpanVisitor = (bytes: Buffer, start: number, end: number, offset: number, number: number) => void;

/**
 * Calls `visit` with each complete line of `file`, empty ones included, in file order; what
 * follows the last newline is not a line (see {@link LinesRead.tail}).
 */
export function forEachLineSpan(file: string, visit: LineSpanVisitor): LinesRead {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(WINDOW);
    // The unfinished line at the end of a read is moved to the front and the next read lands
    // after it: one buffer for the whole file (fresh memory costs a page fault per 4 KB).
    let carry = 0;
    let position = 0;
    let lines = 0;
    for (;;) {
      if (carry === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, carry);
        buffer = larger;
      }
      const n = readSync(fd, buffer, carry, buffer.length - carry, null);
      if (n === 0) return { lines, tail: buffer.toString('utf8', 0, carry) };
      const chunk = buffer.subarray(0, carry + n);
      const chunkOffset = position - carry;
      position += n;
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        visit(chunk, start, nl, chunkOffset + start, ++lines);
        start = nl + 1;
      }
      carry = chunk.length - start;
      buffer.copyWithin(0, start, chunk.length);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `visit` with each complete line of `file` (without its newline) and its 1-based number,
 * in file order. Empty lines are counted but not visited; what follows the last newline is not a
 * line (see {@link LinesRead.tail}).
 */
export function forEachLine(file: string, visit: (line: string, number: number) => void): LinesRead {
  // Split at the newline byte, which no other UTF-8 character contains.
  return forEachLineSpan(file, (bytes, start, end, _offset, number) => {
    if (end > start) visit(bytes.toString('utf8', start, end), number);
  });
}
