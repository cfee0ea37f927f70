/**
 * How wide a string is on a terminal: ANSI escapes take no columns, combining marks and zero-width
 * characters take none, East Asian wide characters and emoji take two. Tables and the progress
 * line measure and cut with these, never with `length`, so a team id in CJK or with an emoji
 * lines up and never overflows the terminal.
 */

// CSI sequences (colours, erase line) and OSC sequences (hyperlinks), as terminals parse them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

// Code points a terminal draws in no column: combining marks, zero-width spaces and joiners,
// variation selectors, and control characters.
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf}|\p{Cc})$/u;

const EMOJI = /\p{Extended_Pictographic}/u;

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F, merged into
// ranges): Hangul Jamo, CJK radicals to Yi, Hangul syllables, compatibility ideographs,
// vertical and fullwidth forms, and the supplementary ideographic planes.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/**
 * The grapheme segmenter, made when first needed: making one loads ICU's data (about 20 ms of
 * every command's start-up), which a command printing only ASCII never uses.
 */
let made: Intl.Segmenter | undefined;

function graphemes(text: string): Iterable<Intl.SegmentData> {
  made ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return made.segment(text);
}

/** The string without its ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function isWide(codePoint: number): boolean {
  for (const [low, high] of WIDE) if (codePoint >= low && codePoint <= high) return true;
  return false;
}

/** The columns one grapheme cluster takes. */
function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0) ?? 0;
  if (ZERO_WIDTH.test(String.fromCodePoint(first))) return 0;
  // A pictograph is drawn wide when it is an emoji by default, or when a variation selector 16
  // or a zero-width joiner sequence asks for the emoji form.
  if (EMOJI.test(grapheme) && (/\p{Emoji_Presentation}/u.test(grapheme) || /\uFE0F|\u200D/.test(grapheme))) return 2;
  return isWide(first) ? 2 : 1;
}

/** The number of terminal columns `text` takes (ANSI escapes left out). */
export function displayWidth(text: string): number {
  const plain = stripAnsi(text);
  // Printable ASCII is one column a character: the common case skips segmentation.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const { segment } of graphemes(plain)) width += graphemeWidth(segment);
  return width;
}

/**
 * `text` cut to at most `width` columns, ending in `…` when something was cut. Plain text only
 * (apply colours after cutting): an escape sequence cut in half would garble the terminal.
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns, on the right (`left`) or on the left (`right`). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + pad : pad + text;
}

/**
 * Prose broken into lines of at most `width` columns at spaces; a word longer than the width
 * (a path) is cut with `…` rather than overflowing.
 */
export function wrapToWidth(text: string, width: number): string[] {
  if (!Number.isFinite(width) || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = truncateToWidth(word, width);
  }
  if (line !== '') lines.push(line);
  return lines;
}
