/**
 * Finding an identifier or a phrase in text: its words in order, case aside, with `-`, `_`,
 * spaces and markup between words interchangeable, never inside a longer token (the rules are
 * in `match.ts`).
 *
 * Every task brings new values, and a Unicode, case-insensitive pattern with `\p{L}` classes
 * costs V8 milliseconds to compile on its first use: that compile was most of a reset. So a
 * value that is plain ASCII and starts with a word (every built-in world's values) is matched by
 * walking its pieces over the text, with the word-boundary checks done by three patterns
 * compiled once for all values. Other values (non-ASCII, or starting with punctuation) and
 * texts whose lower-casing changes their length keep the per-value pattern: they are rare, and
 * the pattern is their definition.
 *
 * The walk accepts exactly what the pattern accepts: each piece of the pattern (a run of
 * separators before a word, spaces before a literal) can end in one place only, so no
 * backtracking is needed; and the only non-ASCII characters that `iu` folds onto ASCII ones
 * are `ſ` (onto `s`) and the Kelvin sign `K` (onto `k`). test/facts/words.test.ts checks both
 * facts against V8 and the whole finder against the original.
 */

/** Where a value occurs in a text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** What a finder needs of a text's reading (see `scan.ts`). */
interface Text {
  readonly text: string;
  readonly lower: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Word characters, and the joiners that make a longer token when a word character follows them. */
const BEFORE_WORD = '(?<![\\p{L}\\p{N}_]|[\\p{L}\\p{N}][\\-./@])';
// A path may follow a name ("boards.techtalk.example/threads/12" names the host), a longer name may not.
const AFTER_WORD = '(?![\\p{L}\\p{N}_]|[\\-.@][\\p{L}\\p{N}_])';
// A directory is also named as "the vendor directory".
const DIRECTORY_WORD = `(?=[*_\`'"’]*\\s+(?:directory|folder|dir)(?![\\p{L}]))`;

/**
 * The pattern of an identifier or phrase: its words in order, case-insensitive, with `-`, `_`
 * and spaces between words interchangeable (and optional between a letter and a digit).
 */
export function wordsPattern(raw: string): RegExp {
  const parts = raw.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  let src = '';
  parts.forEach((part, i) => {
    if (/^[\p{L}\p{N}]/u.test(part)) {
      src += escape(part);
      return;
    }
    const prev = parts[i - 1];
    const next = parts[i + 1];
    if (prev === undefined || next === undefined) {
      src += next === undefined && part === '/' ? `(?:/|${DIRECTORY_WORD})` : escape(part).replace(/\s+/g, '\\s*');
      return;
    }
    if (/^[\s_-]+$/.test(part)) {
      const letterDigit = /\p{L}$/u.test(prev) !== /^\p{L}/u.test(next);
      // Markup may close and open around the space ("Petrel `Cobalt 6`", "**Pulse** 9").
      src += `[\\s_\\-*\`'"’‘“”]{${letterDigit ? 0 : 1},5}`;
      return;
    }
    src += escape(part.trim()).replace(/^/, '\\s*').replace(/$/, '\\s*');
  });
  const first = parts[0] ?? '';
  const lastPart = parts[parts.length - 1] ?? '';
  const before = /^[\p{L}\p{N}]/u.test(first) ? BEFORE_WORD : '(?<![\\p{L}\\p{N}_])';
  // A value ending in punctuation ("vendor/") already ends at a boundary.
  const after = /[\p{L}\p{N}]$/u.test(lastPart) ? AFTER_WORD : '';
  return new RegExp(`${before}${src}${after}`, 'giu');
}

/** The boundary checks, compiled once: sticky and empty, they test one position. */
const BEFORE_RE = new RegExp(BEFORE_WORD, 'iuy');
const AFTER_RE = new RegExp(AFTER_WORD, 'iuy');
const DIRECTORY_RE = new RegExp(DIRECTORY_WORD, 'iuy');

function holdsAt(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

/** One piece of an ASCII value's pattern. */
type Piece =
  /** Letters and digits, lower-cased: matched case aside. */
  | { readonly kind: 'word'; readonly text: string }
  /** Between two words: 1–5 separators or markup (0–5 between a letter and a digit). */
  | { readonly kind: 'gap'; readonly min: number }
  /** Any whitespace, as much as there is (`\s*`). */
  | { readonly kind: 'spaces' }
  /** Punctuation exactly as written. */
  | { readonly kind: 'literal'; readonly text: string }
  /** A trailing `/`, or the word "directory" (or "folder", "dir") after the name. */
  | { readonly kind: 'directory' };

const SPACES: Piece = { kind: 'spaces' };

/** The pieces of `raw` the way `wordsPattern` reads it, for a value of ASCII starting with a word. */
function piecesOf(raw: string): Piece[] {
  const parts = raw.match(/[A-Za-z0-9]+|[^A-Za-z0-9]+/g) ?? [];
  const out: Piece[] = [];
  parts.forEach((part, i) => {
    if (/^[A-Za-z0-9]/.test(part)) {
      out.push({ kind: 'word', text: part.toLowerCase() });
      return;
    }
    const prev = parts[i - 1] as string;
    const next = parts[i + 1];
    if (next === undefined) {
      if (part === '/') out.push({ kind: 'directory' });
      // Runs of whitespace read as `\s*`, the rest as written.
      else
        for (const bit of part.split(/(\s+)/))
          if (bit) out.push(/^\s/.test(bit) ? SPACES : { kind: 'literal', text: bit });
      return;
    }
    if (/^[\s_-]+$/.test(part)) {
      const letterDigit = /[A-Za-z]$/.test(prev) !== /^[A-Za-z]/.test(next);
      out.push({ kind: 'gap', min: letterDigit ? 0 : 1 });
      return;
    }
    out.push(SPACES, { kind: 'literal', text: part.trim() }, SPACES);
  });
  return out;
}

/** Whether `c` is in `\s` (the same set in every flag mode). Exported for its test and for word counts. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Separators and markup a gap between words may hold: `[\s_\-*`'"’‘“”]`. Exported for its test. */
export function isGap(c: number): boolean {
  switch (c) {
    case 0x5f: // _
    case 0x2d: // -
    case 0x2a: // *
    case 0x60: // `
    case 0x27: // '
    case 0x22: // "
    case 0x2019: // ’
    case 0x2018: // ‘
    case 0x201c: // “
    case 0x201d: // ”
      return true;
    default:
      return isSpace(c);
  }
}

/** Whether the text character `t` is the lower-case ASCII letter or digit `v`, case aside (as `iu` folds). Exported for its test. */
export function sameLetter(t: number, v: number): boolean {
  if (t === v) return true;
  if (v < 0x61 || v > 0x7a) return false;
  return t === v - 0x20 || (v === 0x73 && t === 0x17f) || (v === 0x6b && t === 0x212a);
}

/** Where the pieces, matched from `at`, end in `text`; -1 when they do not match there. */
function endOf(pieces: readonly Piece[], text: string, at: number): number {
  let i = at;
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'word': {
        const w = piece.text;
        if (i + w.length > text.length) return -1;
        for (let k = 0; k < w.length; k++) if (!sameLetter(text.charCodeAt(i + k), w.charCodeAt(k))) return -1;
        i += w.length;
        break;
      }
      case 'gap': {
        // A word follows and no separator is a letter or digit: the run is taken whole or not at all.
        let n = 0;
        while (n <= 5 && i + n < text.length && isGap(text.charCodeAt(i + n))) n++;
        if (n < piece.min || n > 5) return -1;
        i += n;
        break;
      }
      case 'spaces':
        while (i < text.length && isSpace(text.charCodeAt(i))) i++;
        break;
      case 'literal':
        if (!text.startsWith(piece.text, i)) return -1;
        i += piece.text.length;
        break;
      case 'directory':
        if (text.charCodeAt(i) === 0x2f) i++;
        else if (!holdsAt(DIRECTORY_RE, text, i)) return -1;
        break;
    }
  }
  return i;
}

/** A finder for values the walk does not cover: the value's own pattern, compiled on first use. */
function patternFinder(raw: string): (r: Text) => Span[] {
  let pattern: RegExp | undefined;
  return (r) =>
    [...r.text.matchAll((pattern ??= wordsPattern(raw)))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * The finder of an identifier or phrase `raw` (trimmed): every span of a text stating it, in
 * order, never overlapping. Compiles no pattern for an ASCII value that starts with a word.
 */
export function wordsFinder(raw: string): (r: Text) => Span[] {
  const first = /^[\p{L}\p{N}]+/u.exec(raw)?.[0].toLowerCase();
  const scan = patternFinder(raw);
  if (!first) return scan;
  const ascii = /^\p{ASCII}*$/u.test(raw);
  let sticky: RegExp | undefined;
  const pieces = ascii ? piecesOf(raw) : [];
  const endsInWord = /[A-Za-z0-9]$/.test(raw);
  /** Where the value ends if it starts at `at` (where its first word is), else -1. */
  const endAt = ascii
    ? (text: string, at: number): number => {
        if (!holdsAt(BEFORE_RE, text, at)) return -1;
        const end = endOf(pieces, text, at);
        return end >= 0 && (!endsInWord || holdsAt(AFTER_RE, text, end)) ? end : -1;
      }
    : (text: string, at: number): number => {
        sticky ??= new RegExp(wordsPattern(raw).source, 'iuy');
        sticky.lastIndex = at;
        const m = sticky.exec(text);
        return m ? at + m[0].length : -1;
      };
  return (r) => {
    // Lower-casing changed lengths (rare scripts): positions would not line up, so scan.
    if (r.lower.length !== r.text.length) return scan(r);
    // The value is tried only where its first word occurs (case aside): a whole-text scan with
    // a Unicode, case-insensitive pattern is what made matching slow on long tool results.
    const out: Span[] = [];
    let at = r.lower.indexOf(first);
    while (at !== -1) {
      const end = endAt(r.text, at);
      if (end >= 0) out.push({ start: at, end });
      at = r.lower.indexOf(first, end >= 0 ? end : at + 1);
    }
    return out;
  };
}
