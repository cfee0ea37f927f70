/**
 * The fact matcher: whether a fact's canonical value occurs in free text the way a careful reader
 * would recognise it, and where. Values are compared by kind (see `value.ts`), never as raw
 * text, so "149.00 GBP" carries `£149` and "thirty-one" carries `31`, while `310`, `3.5.3`,
 * `v3.5.21`, `194.00` or another currency do not.
 *
 * Decisions a reader of the results should know:
 * - a plain number matches that number written with a unit, a currency or a percent sign too
 *   (`42` is in "42 lines"); money needs its currency, a percentage its percent, a quantity its
 *   unit — in any unit of the same dimension ("4.2 Gbps" carries `4,200 Mbps`, "1.75 kWh" carries
 *   `1,750 Wh`, "500 square metres" and "500 m2" carry `500 m²`);
 * - a version matches with or without `v` or "version", but only with all its parts (`v3.5.0` is
 *   not "3.5") and the same pre-release suffix;
 * - identifiers and phrases ignore case, quoting and markup around them and between their
 *   words, and treat `-`, `_` and spaces between their words alike ("Payments Router" carries `payments-router`, "CHG 25171"
 *   carries `CHG-25171`); other punctuation (`.`, `/`, `:`) must be as written. A directory
 *   `vendor/` is also carried by "the vendor directory". Code names keep their spelling
 *   (`buildCalendarSummary` is not "build calendar summary"), and numbers inside a name are not
 *   read as words ("Cobalt seven" does not carry `Cobalt 7`).
 * - a value never matches inside a longer token: `payments-router-v2`, `api.payments-router`,
 *   `src/a.ts.bak` do not carry `payments-router` or `src/a.ts`.
 */
import { sameDate, sameTime } from './calendar.js';
import { type NumberMention, type Reading, read } from './scan.js';
import { type FactKind, type FactValue, classify } from './value.js';
import { factorsOf } from './units.js';
import { wordsFinder } from './words.js';

/** Where a value occurs in a text. */
export interface FactSpan {
  readonly start: number;
  readonly end: number;
}

/** A compiled matcher for one canonical value. */
export interface FactMatcher {
  readonly kind: FactKind;
  readonly value: FactValue;
  /** Every place `text` states the value, in order. */
  find(text: string): FactSpan[];
}

/** Numbers are equal when they differ by rounding noise only (149 = 149.00; 4.2e9 = 4200e6). */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Whether two quantities are the same amount (same dimension, or the same unit word). */
export function sameQuantity(a: NumberMention, b: NumberMention): boolean {
  if (!a.unit || !b.unit) return false;
  if (a.unit.unit && b.unit.unit)
    return (
      a.unit.unit.dimension === b.unit.unit.dimension &&
      sameNumber(a.value * a.unit.unit.factor, b.value * b.unit.unit.factor)
    );
  if (a.unit.unit || b.unit.unit) return false;
  return a.unit.word === b.unit.word && sameNumber(a.value, b.value);
}

/** Whether a number mention in text states the numeric fact `fact`. */
export function numberMatches(fact: FactValue & { number: NumberMention }, m: NumberMention): boolean {
  const f = fact.number;
  switch (fact.kind) {
    case 'number':
      return sameNumber(f.value, m.value);
    case 'percentage':
      return m.percent && sameNumber(f.value, m.value);
    case 'money':
      return m.currency === f.currency && sameNumber(f.value, m.value);
    default:
      return sameQuantity(f, m);
  }
}

function spans(tokens: readonly { start: number; end: number }[]): FactSpan[] {
  return tokens.map((t) => ({ start: t.start, end: t.end }));
}

/**
 * The finder of a numeric value. Only the numbers of a text that can state it are qualified: those
 * of its magnitude, or, for a quantity in a unit of a known dimension, those some unit of that
 * dimension turns into its amount (another unit changes the written number: "4.2 Gbps" for
 * 4,200 Mbps).
 */
function numberFinder(value: FactValue & { number: NumberMention }): (r: Reading) => FactSpan[] {
  const unit = value.kind === 'quantity' ? value.number.unit?.unit : undefined;
  if (!unit) return (r) => spans(r.numbersOf(value.number.value).filter((m) => numberMatches(value, m)));
  const amount = Math.abs(value.number.value * unit.factor);
  const factors = factorsOf(unit.dimension);
  const may = (magnitude: number): boolean => factors.some((f) => sameNumber(amount, magnitude * f));
  return (r) => spans(r.numbersWhere(may).filter((m) => numberMatches(value, m)));
}

function finder(value: FactValue): (r: Reading) => FactSpan[] {
  switch (value.kind) {
    case 'number':
    case 'percentage':
    case 'money':
    case 'quantity':
      return numberFinder(value);
    case 'version':
      return (r) => spans(r.versions.filter((v) => v.key === value.key));
    case 'date':
      return (r) => spans(r.dates.filter((d) => d.values.some((v) => sameDate(v, value.date))));
    case 'time':
      return (r) => spans(r.times.filter((t) => t.values.some((v) => sameTime(v, value.time))));
    case 'datetime':
      return (r) => {
        const dates = r.dates.filter((d) => d.values.some((v) => sameDate(v, value.date)));
        const times = r.times.filter((t) => t.values.some((v) => sameTime(v, value.time)));
        return dates.length > 0 && times.length > 0
          ? spans([...dates, ...times]).sort((a, b) => a.start - b.start)
          : [];
      };
    case 'identifier':
    case 'phrase':
      return wordsFinder(value.raw);
  }
}

/** A matcher, with the spans it keeps per text (shared: callers outside this module get copies). */
interface Compiled extends FactMatcher {
  spansIn(text: string): readonly FactSpan[];
}

const NONE: readonly FactSpan[] = Object.freeze([]);
const NEVER: Compiled = {
  kind: 'phrase',
  value: { kind: 'phrase', raw: '' },
  find: () => [],
  spansIn: () => NONE,
};
const compiled = new Map<string, Compiled>();
/** Values kept compiled; the cache starts over past this (tasks have a few dozen facts). */
const CACHE_LIMIT = 10_000;

/** The matcher of a canonical value, compiled once per value. An empty value matches nothing. */
export function factMatcher(value: string): FactMatcher {
  return compiledMatcher(value);
}

function compiledMatcher(value: string): Compiled {
  const hit = compiled.get(value);
  if (hit) return hit;
  let matcher = NEVER;
  if (value.trim().length > 0) {
    const parsed = classify(value);
    const find = finder(parsed);
    const spansIn = (text: string): readonly FactSpan[] => {
      const r = read(text);
      let spans = r.found.get(value);
      if (!spans) r.found.set(value, (spans = find(r)));
      return spans;
    };
    matcher = { kind: parsed.kind, value: parsed, find: (text) => [...spansIn(text)], spansIn };
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(value, matcher);
  return matcher;
}

/** Every place `text` states the fact value `value`. */
export function findFact(text: string, value: string): FactSpan[] {
  return factMatcher(value).find(text);
}

/** Whether `text` states the fact value `value` (in any of the forms a careful reader accepts). */
export function mentionsFact(text: string, value: string): boolean {
  return compiledMatcher(value).spansIn(text).length > 0;
}

/** The kind of a fact value (number, money, quantity, version, identifier, phrase …). */
export function factKind(value: string): FactKind {
  return factMatcher(value).kind;
}
