/**
 * Numbers as people write them: digits with or without grouping ("4,200", "4 200", "4200"),
 * decimals ("149.00"), a scale word ("4.2 thousand", "1.5k") and number words ("thirty-one",
 * "one hundred and twenty").
 */

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };

const WORD = [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES)].join('|');

/** A run of number words; "and" only between two of them. Words are delimited, so no backtracking blow-up. */
const WORDS_RE = new RegExp(`\\b(?:${WORD})(?:(?:[\\s-]+|\\s+and\\s+)(?:${WORD}))*\\b`, 'gi');

/**
 * Digits: grouped by commas or (thin, no-break or plain) spaces in threes, or ungrouped, with
 * optional decimals. Not inside a word, not a piece of a dotted version or a longer number.
 */
const DIGITS_RE = /(?<![\p{L}\p{N}_.])(?:\d{1,3}(?:(?:,|[\u00a0\u202f ])\d{3})+(?![\d])|\d+)(?:\.\d+)?(?![\d]|\.\d)/gu;

/** A scale written after the digits: "4.2 thousand", "1.5k", "3 million". */
const SCALE_AFTER_RE = /^(?:[^\S\r\n]?(thousand|million|billion)(?![\p{L}])|([kK])(?![\p{L}\p{N}]))/u;

/** A number found in text. */
export interface NumberToken {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /** Whether it was written in words. */
  readonly words: boolean;
}

/** The value of a run of number words, or null when it is not a well-formed number. */
export function wordsValue(run: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const raw of run.toLowerCase().split(/[\s-]+/)) {
    if (raw === 'and' || raw === '') continue;
    if (raw in UNITS) current += UNITS[raw] as number;
    else if (raw in TENS) current += TENS[raw] as number;
    else if (raw === 'hundred') current = (current || 1) * 100;
    else if (raw in SCALES) {
      total += (current || 1) * (SCALES[raw] as number);
      current = 0;
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

/** Parses digits as written ("4,200", "4 200", "149.00") to a number. */
export function digitsValue(text: string): number {
  return Number(text.replace(/[,\u00a0\u202f ]/g, ''));
}

/** Every number in `text`, in order (pieces of identifiers and versions included: the reader sorts them out). */
export function scanNumberTokens(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of text.matchAll(DIGITS_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    let value = digitsValue(m[0]);
    const scale = SCALE_AFTER_RE.exec(text.slice(end, end + 10));
    if (scale) {
      value *= scale[1] ? (SCALES[scale[1].toLowerCase()] as number) : 1000;
      end += scale[0].length;
    }
    out.push({ start, end, value, words: false });
  }
  for (const m of text.matchAll(WORDS_RE)) {
    const value = wordsValue(m[0]);
    if (value !== null) out.push({ start: m.index, end: m.index + m[0].length, value, words: true });
  }
  return out.sort((a, b) => a.start - b.start);
}
