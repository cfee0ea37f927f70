/**
 * Finding a value written as a whole token in text as written: `REFUNDED` is not inside the word
 * `REFUNDED_AT`, nor `v1.2` inside `v1.2.3`. The same test as the pattern
 * `(?<![\w.-])token(?![\w-]|\.\w)`, done with `indexOf` and a look at the characters either side:
 * the metrics ask it for every fact of every write (file contents can be long), and a pattern that
 * opens with a look-behind makes the regexp engine try it at every position of the text. And the
 * lines around a place found, without splitting the whole text into lines.
 */
import { indexOfStanding, isAsciiWordCode, type Standing } from '../core/standing-index.js';

const DOT = 46;
const DASH = 45;

/**
 * Whether the occurrence at `start`..`end` is a whole token: not preceded by a word character,
 * `.` or `-`, and not followed by a word character, `-`, or a `.` that a word character follows.
 */
const standsAsToken: Standing = (text, start, end) => {
  if (start > 0) {
    const before = text.charCodeAt(start - 1);
    if (isAsciiWordCode(before) || before === DOT || before === DASH) return false;
  }
  if (end < text.length) {
    const after = text.charCodeAt(end);
    if (isAsciiWordCode(after) || after === DASH) return false;
    if (after === DOT && end + 1 < text.length && isAsciiWordCode(text.charCodeAt(end + 1))) return false;
  }
  return true;
};

/**
 * The index of the first occurrence of `token` in `text`, at or after `from`, that stands as a
 * whole token (see {@link standsAsToken}). -1 when there is none, and for an empty token.
 */
export function tokenIndex(text: string, token: string, from = 0): number {
  return indexOfStanding(text, token, from, standsAsToken);
}

/** The line that holds a position of a text, and the lines around it. */
export interface LinesAround {
  /** The line itself, without its newline. */
  readonly line: string;
  /** Up to `count` lines before it, the line, and up to `count` lines after it. */
  readonly around: readonly string[];
  /** Where the line ends: its newline's index, or the text's length. */
  readonly end: number;
}

/**
 * The line of `text` that holds `index`, with `count` lines either side: what
 * `text.split('\n')` would give around that line, without splitting the whole text.
 */
export function linesAround(text: string, index: number, count: number): LinesAround {
  const start = lineStart(text, index);
  const end = lineEnd(text, index);
  let from = start;
  for (let n = 0; n < count && from > 0; n++) from = lineStart(text, from - 1);
  let to = end;
  for (let n = 0; n < count && to < text.length; n++) to = lineEnd(text, to + 1);
  return { line: text.slice(start, end), around: text.slice(from, to).split('\n'), end };
}

/** Where the line holding `i` starts (just after the newline before it, or 0). */
function lineStart(text: string, i: number): number {
  return i === 0 ? 0 : text.lastIndexOf('\n', i - 1) + 1;
}

/** Where the line holding `i` ends (its newline, or the text's length). */
function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}
