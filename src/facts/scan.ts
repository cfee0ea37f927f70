/**
 * One reading of a text: every number (with the currency, percent sign or unit written around
 * it), version, date and time in it. Fact matchers compare values against these readings; a text
 * is read once however many facts are looked up in it.
 */
import { type CalendarToken, type DateValue, type TimeValue, scanDates, scanTimes } from './calendar.js';
import { currencyAfter, currencyBefore } from './money.js';
import { type NumberToken, scanNumberTokens } from './numbers.js';
import { type UnitMention, readUnit } from './units.js';

/** A number as written, with what qualifies it. */
export interface NumberMention {
  /** Where the whole mention starts and ends, currency and unit included. */
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /** ISO code of the currency written with it, if any. */
  readonly currency: string | null;
  readonly percent: boolean;
  /** The unit written right after it, if any (and neither a currency nor a percent sign). */
  readonly unit: UnitMention | null;
}

/** A version number as written ("v3.5.2", "version 3.5.2", "3.5.2-rc1"). */
export interface VersionMention {
  readonly start: number;
  readonly end: number;
  /** Numeric parts, then the pre-release suffix lower-cased ('' when none): "3.5.2-rc1" → "3.5.2|rc1". */
  readonly key: string;
}

/** Everything read from one text. */
export interface Reading {
  readonly text: string;
  /** The text lower-cased (for a quick look before a pattern scans it). */
  readonly lower: string;
  /** Spans already found in this text, by fact value. */
  readonly found: Map<string, readonly { start: number; end: number }[]>;
  /**
   * Spans of names shaped like a name value that are not it (the rivals an answer may hedge it
   * with, see `hedge.ts`), by that value, as found so far.
   */
  readonly rivalNames: Map<string, readonly { start: number; end: number }[]>;
  /** Every number mention (qualified with currency, percent or unit). */
  readonly numbers: readonly NumberMention[];
  /**
   * The number mentions whose written magnitude is `magnitude` — the cheap way to look for one
   * value: only those few are checked against identifiers, versions and dates and qualified.
   */
  numbersOf(magnitude: number): readonly NumberMention[];
  /**
   * The number mentions whose written magnitude passes `may` — a test every magnitude the caller
   * looks for passes (a quantity in any unit of its dimension): only those are qualified.
   */
  numbersWhere(may: (magnitude: number) => boolean): readonly NumberMention[];
  readonly versions: readonly VersionMention[];
  readonly dates: readonly CalendarToken<DateValue>[];
  readonly times: readonly CalendarToken<TimeValue>[];
}

/**
 * A version: with a "v"/"version" prefix one dot suffices, without it two are needed (so "1.5"
 * stays a decimal). Not inside a word or a longer number.
 */
const VERSION_RE =
  /(?<![\p{L}\p{N}_.-])(?:(v|version\s?|release\s?|ver\.?\s?)(\d+(?:\.\d+)+)|(\d+(?:\.\d+){2,}))(?:-([0-9a-z]+(?:\.[0-9a-z]+)*))?(?![\p{L}\p{N}_]|\.\d)/giu;

/** Characters of a word-like token, and the joiners inside one ("CHG-45334", "mq-4d.internal"). */
const TOKEN_CHAR_RE = /[\p{L}\p{N}_.-]/u;
const LETTER_RE = /[\p{L}_]/u;
/** How far back a number's token is followed; a longer chain is no free-standing number. */
const TOKEN_REACH = 100;

/**
 * Whether the number at `i` is a piece of an identifier ("CHG-45334", "mq-4d", "cus_7"): the
 * token it ends starts with a letter or an underscore.
 */
function insideIdentifier(text: string, i: number): boolean {
  let j = i;
  while (j > 0 && TOKEN_CHAR_RE.test(text[j - 1] as string)) {
    j--;
    if (i - j > TOKEN_REACH) return true;
  }
  while (j < i && (text[j] === '-' || text[j] === '.')) j++;
  return j < i && LETTER_RE.test(text[j] as string);
}

/** Normalizes a version's numbers ("03" = "3") and suffix. */
export function versionKey(numbers: string, suffix: string | undefined): string {
  return `${numbers
    .split('.')
    .map((n) => String(Number(n)))
    .join('.')}|${(suffix ?? '').toLowerCase()}`;
}

/** What every version holds: a digit, a dot and a digit. */
const DOTTED_RE = /\d\.\d/;

/** Every version in `text` (exported for its test). */
export function scanVersions(text: string): VersionMention[] {
  const out: VersionMention[] = [];
  if (!DOTTED_RE.test(text)) return out;
  for (const m of text.matchAll(VERSION_RE)) {
    out.push({ start: m.index, end: m.index + m[0].length, key: versionKey((m[2] ?? m[3]) as string, m[4]) });
  }
  return out;
}

/** Ranges whose digits are not free-standing numbers (versions, dates, times), searchable in log time. */
function rangesOf(spans: readonly { start: number; end: number }[]): (i: number) => boolean {
  const ranges = spans.map((r): [number, number] => [r.start, r.end]).sort((a, b) => a[0] - b[0]);
  if (ranges.length === 0) return () => false;
  // Ranges may nest: keep the furthest end seen up to each start.
  const reach: number[] = [];
  let far = -1;
  for (const [, e] of ranges) reach.push((far = Math.max(far, e)));
  return (i) => {
    let lo = 0;
    let hi = ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((ranges[mid] as [number, number])[0] <= i) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && i < (reach[found] as number);
  };
}

const PERCENT_RE = /^[^\S\r\n]?(?:%|percent(?![\p{L}])|per\s?cent(?![\p{L}])|pct(?![\p{L}]))/iu;
/** Markup or a hyphen that may stand between a number and its unit ("5-day", "500 **m²**"). */
const UNIT_GAP_RE = /^(?:[^\S\r\n]|-(?=\p{L})|\*{1,2}|_|`){0,3}/u;

/** A minus sign right before `at`, not joining two words or numbers ("-41", "£-41"; not "31-40"). */
function minusBefore(text: string, at: number): boolean {
  return /[-\u2212]/.test(text[at - 1] ?? '') && !/[\p{L}\p{N}_]/u.test(text[at - 2] ?? '');
}

function qualify(text: string, from: number, end: number, magnitude: number): NumberMention {
  // "£-41", "-£41" and "-41" are negative.
  let start = from;
  let value = magnitude;
  if (minusBefore(text, start) && !/[£$€¥₹]/.test(text[start - 2] ?? '')) {
    start -= 1;
    value = -value;
  }
  let before = currencyBefore(text.slice(Math.max(0, start - 6), start));
  if (!before && /[-\u2212]/.test(text[start - 1] ?? '') && /[£$€¥₹]/.test(text[start - 2] ?? '')) {
    const symbol = currencyBefore(text.slice(Math.max(0, start - 7), start - 1));
    if (symbol) {
      before = { code: symbol.code, length: symbol.length + 1 };
      value = -value;
    }
  } else if (before && value > 0 && minusBefore(text, start - before.length)) {
    before = { code: before.code, length: before.length + 1 };
    value = -value;
  }
  const rest = text.slice(end, end + 40);
  const after = before ? null : currencyAfter(rest);
  if (before || after) {
    return {
      start: start - (before?.length ?? 0),
      end: end + (after?.length ?? 0),
      value,
      currency: (before ?? after)!.code,
      percent: false,
      unit: null,
    };
  }
  const percent = PERCENT_RE.exec(rest);
  if (percent) return { start, end: end + percent[0].length, value, currency: null, percent: true, unit: null };
  const gap = UNIT_GAP_RE.exec(rest)?.[0].length ?? 0;
  const unit = readUnit(rest.slice(gap));
  return { start, end: unit ? end + gap + unit.length : end, value, currency: null, percent: false, unit };
}

/** A text's reading, each part computed the first time a matcher asks for it. */
class LazyReading implements Reading {
  #versions?: VersionMention[];
  #dates?: CalendarToken<DateValue>[];
  #times?: CalendarToken<TimeValue>[];
  #tokens?: NumberToken[];
  #structured?: (i: number) => boolean;
  #numbers?: NumberMention[];
  readonly #qualified = new Map<NumberToken, NumberMention | null>();
  #lower?: string;
  readonly found = new Map<string, readonly { start: number; end: number }[]>();
  readonly rivalNames = new Map<string, readonly { start: number; end: number }[]>();
  constructor(readonly text: string) {}
  get lower(): string {
    return (this.#lower ??= this.text.toLowerCase());
  }
  get versions(): readonly VersionMention[] {
    return (this.#versions ??= scanVersions(this.text));
  }
  get dates(): readonly CalendarToken<DateValue>[] {
    return (this.#dates ??= scanDates(this.text));
  }
  get times(): readonly CalendarToken<TimeValue>[] {
    return (this.#times ??= scanTimes(this.text));
  }
  /** The number, qualified, or null when it is a piece of an identifier, version, date or time. */
  #mention(t: NumberToken): NumberMention | null {
    if (this.#qualified.has(t)) return this.#qualified.get(t) ?? null;
    // The versions, dates and times are read only for a number that is no piece of an identifier.
    const m =
      insideIdentifier(this.text, t.start) ||
      (this.#structured ??= rangesOf([...this.versions, ...this.dates, ...this.times]))(t.start)
        ? null
        : qualify(this.text, t.start, t.end, t.value);
    this.#qualified.set(t, m);
    return m;
  }
  get #allTokens(): NumberToken[] {
    return (this.#tokens ??= scanNumberTokens(this.text));
  }
  get numbers(): readonly NumberMention[] {
    return (this.#numbers ??= this.#allTokens
      .map((t) => this.#mention(t))
      .filter((m): m is NumberMention => m !== null));
  }
  numbersOf(magnitude: number): readonly NumberMention[] {
    const size = Math.abs(magnitude);
    return this.numbersWhere((v) => Math.abs(v - size) <= 1e-9 * Math.max(1, size));
  }
  numbersWhere(may: (magnitude: number) => boolean): readonly NumberMention[] {
    return this.#allTokens
      .filter((t) => may(t.value))
      .map((t) => this.#mention(t))
      .filter((m): m is NumberMention => m !== null);
  }
}

/** Reads `text` without keeping the reading (a value classified once: no text to re-read). */
export function readOnce(text: string): Reading {
  return new LazyReading(text);
}

/**
 * Readings kept, oldest first: teams re-read the same inbox and request every turn. Found by
 * their text's length, then compared: a map keyed by the text itself hashes every new text in
 * full before it can answer (2 ns a character on Node 20, 11 µs for a 5,000-character tool
 * result, read once), where comparing stops at the first character that differs.
 */
const recent = new Set<Reading>();
/** The readings of {@link recent}, by the length of their text. */
const byLength = new Map<number, Reading[]>();
/** Readings kept, and the most text they may hold between them. */
const KEEP = 256;
const KEEP_CHARS = 4_000_000;
let keptChars = 0;

/**
 * Reads `text`. Recent readings are kept (teams look up every fact of the same inbox and
 * request each turn); only the parts a matcher asks for are computed (a name never needs the
 * numbers).
 */
export function read(text: string): Reading {
  // Every fact of a task is looked up in the same text in a row: the last reading is the likely one.
  if (last?.text === text) return last;
  last = lookUp(text);
  return last;
}

/** The last reading `read` returned (the newest of `recent`, or a text too long to keep). */
let last: Reading | undefined;

function lookUp(text: string): Reading {
  const sameLength = byLength.get(text.length);
  if (sameLength)
    for (const hit of sameLength)
      if (hit.text === text) {
        recent.delete(hit);
        recent.add(hit);
        return hit;
      }
  const reading = new LazyReading(text);
  if (text.length <= KEEP_CHARS) {
    keep(reading);
    for (const old of recent) {
      if (recent.size <= KEEP && keptChars <= KEEP_CHARS) break;
      forget(old);
    }
  }
  return reading;
}

/** Adds a reading to {@link recent}, as the newest. */
function keep(reading: Reading): void {
  recent.add(reading);
  const sameLength = byLength.get(reading.text.length);
  if (sameLength) sameLength.push(reading);
  else byLength.set(reading.text.length, [reading]);
  keptChars += reading.text.length;
}

/** Removes a reading from {@link recent}. */
function forget(reading: Reading): void {
  recent.delete(reading);
  const sameLength = byLength.get(reading.text.length) as Reading[];
  if (sameLength.length === 1) byLength.delete(reading.text.length);
  else sameLength.splice(sameLength.indexOf(reading), 1);
  keptChars -= reading.text.length;
}
