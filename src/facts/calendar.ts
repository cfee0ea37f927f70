/**
 * Dates and times in the common written forms: ISO ("2026-03-14"), day-month-year and
 * month-day-year with the month's name ("14 March 2026", "March 14, 2026", "14th of Mar 2026"),
 * numeric with slashes or dots ("14/03/2026"; an ambiguous one such as "04/03/2026" is read both
 * ways), clock times ("14:30", "2:30 pm", "2pm") with an optional zone.
 */

/** A calendar date. */
export interface DateValue {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A time of day, in minutes after midnight, with its zone when one was written. */
export interface TimeValue {
  readonly minutes: number;
  readonly zone: string | null;
}

/** A date or a time found in text. */
export interface CalendarToken<T> {
  readonly start: number;
  readonly end: number;
  /** Every reading of it (two for an ambiguous numeric date). */
  readonly values: readonly T[];
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?`;
const ORD = '(?:st|nd|rd|th)?';

const ISO_RE = /(?<![\p{N}])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu;
const DMY_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})${ORD}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})(?![\\p{N}])`,
  'giu',
);
const MDY_RE = new RegExp(`(?<![\\p{L}\\p{N}])${MONTH}\\s+(\\d{1,2})${ORD},?\\s+(\\d{4})(?![\\p{N}])`, 'giu');
const NUMERIC_RE = /(?<![\p{N}./])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\p{N}])/gu;
// A meridiem or a zone is read on the hour's own line only: "£1" ending a line is not 1 pm because
// the next line starts with "pm".
const TIME_RE =
  /(?<![\p{N}:.])(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?(?:[^\S\r\n]?([ap])\.?m\.?(?![\p{L}]))?(?:[^\S\r\n]?(UTC|GMT|Z|CET|CEST|BST|EST|EDT|CST|CDT|PST|PDT|IST|JST|[+-]\d{2}:?\d{2})(?![\p{L}]))?(?![\p{N}])/gu;

/**
 * What every month-name match holds: a month's first three letters, case aside (no character but
 * ASCII folds onto them under `iu`), or an ſ, which `iu` folds onto the s of "sep".
 */
const MONTH_PREFIX_RE = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\u017f/i;
/** What every time {@link scanTimes} keeps holds: minutes (":30") or a meridiem ("pm", "a.m"). */
const MINUTES_OR_MERIDIEM_RE = /:\d\d|[ap]\.?m/;

function month(name: string): number {
  const n = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

function valid(d: DateValue): boolean {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31;
}

/** Every date in `text`. */
export function scanDates(text: string): CalendarToken<DateValue>[] {
  const out: CalendarToken<DateValue>[] = [];
  const push = (start: number, length: number, values: DateValue[]) => {
    const ok = values.filter(valid);
    if (ok.length > 0) out.push({ start, end: start + length, values: ok });
  };
  for (const m of text.matchAll(ISO_RE))
    push(m.index, m[0].length, [{ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }]);
  // The month-name patterns are the costly ones (a Unicode look-behind before a case-insensitive
  // alternation, tried at every position); a text without a month's first three letters skips them.
  if (MONTH_PREFIX_RE.test(text)) {
    for (const m of text.matchAll(DMY_RE))
      push(m.index, m[0].length, [{ year: Number(m[3]), month: month(m[2] as string), day: Number(m[1]) }]);
    for (const m of text.matchAll(MDY_RE))
      push(m.index, m[0].length, [{ year: Number(m[3]), month: month(m[1] as string), day: Number(m[2]) }]);
  }
  for (const m of text.matchAll(NUMERIC_RE)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = Number(m[4]);
    // Day first unless that cannot be; an ambiguous date is read both ways.
    const readings = [{ year, month: b, day: a }];
    if (a <= 12 && b <= 31 && a !== b) readings.push({ year, month: a, day: b });
    push(m.index, m[0].length, readings);
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Every clock time in `text` ("14:30", "2:30 pm", "2pm"); a bare number is not a time. */
export function scanTimes(text: string): CalendarToken<TimeValue>[] {
  const out: CalendarToken<TimeValue>[] = [];
  // Only a match with minutes or a meridiem is a time: without either in the text, none is.
  if (!MINUTES_OR_MERIDIEM_RE.test(text)) return out;
  for (const m of text.matchAll(TIME_RE)) {
    const hasMinutes = m[2] !== undefined;
    const meridiem = m[4]?.toLowerCase();
    if (!hasMinutes && !meridiem) continue;
    let hours = Number(m[1]);
    const minutes = hasMinutes ? Number(m[2]) : 0;
    if (minutes > 59 || hours > 24 || (meridiem && (hours < 1 || hours > 12))) continue;
    if (meridiem === 'p' && hours < 12) hours += 12;
    if (meridiem === 'a' && hours === 12) hours = 0;
    const zone = m[5] ? normalizeZone(m[5]) : null;
    out.push({ start: m.index, end: m.index + m[0].length, values: [{ minutes: hours * 60 + minutes, zone }] });
  }
  return out;
}

function normalizeZone(zone: string): string {
  const z = zone.toUpperCase();
  return z === 'Z' || z === 'GMT' || z === '+0000' || z === '+00:00' ? 'UTC' : z;
}

/** Whether two dates are the same day. */
export function sameDate(a: DateValue, b: DateValue): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Whether two times are the same; a time written without a zone matches one with any zone. */
export function sameTime(a: TimeValue, b: TimeValue): boolean {
  return a.minutes === b.minutes && (a.zone === null || b.zone === null || a.zone === b.zone);
}
