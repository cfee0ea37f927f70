/**
 * What kind of value a fact's canonical value is, read with the same reader as free text: a
 * value that reads as exactly one money amount is money, one number with a unit a quantity, and
 * so on; a value with no such reading is an identifier (no spaces) or a phrase.
 */
import type { DateValue, TimeValue } from './calendar.js';
import { type NumberMention, readOnce } from './scan.js';

/** The kinds of fact value the matcher tells apart. */
export type FactKind =
  'number' | 'percentage' | 'money' | 'quantity' | 'date' | 'time' | 'datetime' | 'version' | 'identifier' | 'phrase';

/** A canonical value, classified and parsed. */
export type FactValue =
  | {
      readonly kind: 'number' | 'percentage' | 'money' | 'quantity';
      readonly raw: string;
      readonly number: NumberMention;
    }
  | { readonly kind: 'date'; readonly raw: string; readonly date: DateValue }
  | { readonly kind: 'time'; readonly raw: string; readonly time: TimeValue }
  | { readonly kind: 'datetime'; readonly raw: string; readonly date: DateValue; readonly time: TimeValue }
  | { readonly kind: 'version'; readonly raw: string; readonly key: string }
  | { readonly kind: 'identifier' | 'phrase'; readonly raw: string };

/** Whether `[start, end)` covers all of `text` (`text` is trimmed). */
function whole(text: string, m: { start: number; end: number }): boolean {
  return m.start === 0 && m.end === text.length;
}

/** Classifies a canonical value. */
export function classify(value: string): FactValue {
  const raw = value.trim();
  // "2026-03-14T14:30Z" and "2026-03-14 14:30" read as a date followed by a time.
  const spaced = raw.replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ');
  // Values are classified once each: keeping their readings would only push texts out of the cache.
  const r = readOnce(spaced);
  const date = r.dates.length === 1 ? r.dates[0]! : undefined;
  const time = r.times.length === 1 ? r.times[0]! : undefined;
  if (
    date &&
    time &&
    date.start === 0 &&
    time.end === spaced.length &&
    /^[\s,]*(?:at\s+)?$/i.test(spaced.slice(date.end, time.start))
  )
    return { kind: 'datetime', raw, date: date.values[0]!, time: time.values[0]! };
  if (date && whole(spaced, date) && date.values.length === 1) return { kind: 'date', raw, date: date.values[0]! };
  if (time && whole(spaced, time)) return { kind: 'time', raw, time: time.values[0]! };
  const version = r.versions.length === 1 ? r.versions[0]! : undefined;
  if (version && whole(spaced, version)) return { kind: 'version', raw, key: version.key };
  const number = r.numbers.length === 1 ? r.numbers[0]! : undefined;
  if (number && whole(spaced, number)) {
    if (number.currency) return { kind: 'money', raw, number };
    if (number.percent) return { kind: 'percentage', raw, number };
    // A number followed by a word is a quantity only when the word is the whole rest ("480 contacts").
    if (number.unit) return { kind: 'quantity', raw, number };
    return { kind: 'number', raw, number };
  }
  return { kind: /\s/.test(raw) ? 'phrase' : 'identifier', raw };
}
