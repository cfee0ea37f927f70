/**
 * Hedged answers: an answer that names the expected value among competing values of the same
 * kind ("the culprit is payments-router or coupons-gateway", "v3.5.2/v3.5.3", "maybe €549, maybe
 * €669") does not assert it. An answer that mentions other values of the same kind for other
 * reasons ("its builds v3.5.3 and v3.5.4 return 500s … it now runs v3.5.2") still does.
 *
 * A competitor hedges the expected value when both stand in one clause (clauses end at `.`, `;`,
 * `!`, `?` or a line break) and either the clause hedges ("maybe", "perhaps", "possibly",
 * "might", "may be", "could be", "probably", "likely", "not sure", "unsure", "uncertain",
 * "unclear", "one of", "either") or the two are items of one run of alternatives ("X or Y",
 * "X/Y", "X, Y or Z", "X (or Y)"). Competitors are the values given, or else every value in the
 * text of the same kind (money for money, the same unit dimension, the same shape of name) that
 * is not the expected one.
 */
import { type FactSpan, factMatcher, numberMatches } from './match.js';
import type { UnitMention } from './units.js';
import { read } from './scan.js';
import { textMemo } from '../core/text-memo.js';
import type { FactValue } from './value.js';

/** What an answer says about one expected value. */
export interface AnswerReading {
  /** Whether the answer states the expected value at all. */
  readonly mentioned: boolean;
  /** Competing values the answer offers as alternatives to it, as written (empty when it commits). */
  readonly hedgedWith: readonly string[];
}

/** What may stand between two items of one list of alternatives: commas, "or", "/", an article. */
const LINK_RE = /^[\s,()*_`'"’]*(?:(?:either|or|and\/or|vs\.?|versus|\/)[\s,()*_`'"’]*)?(?:(?:the|a|an)\s+)?$/iu;
const DISJUNCTION_RE = /(?<![\p{L}])(?:either|or|and\/or|vs\.?|versus)(?![\p{L}])|\//iu;
const HEDGE_RE =
  /(?<![\p{L}])(?:maybe|perhaps|possibly|might|may be|could be|could also be|probably|likely|not sure|unsure|uncertain|unclear|one of|either)(?![\p{L}])/iu;
const CLAUSE_END_RE = /[;!?\n]|\.(?=\s|$)/g;

/** The clause `[start, end)` of `text` containing `index`. */
function clauseAt(text: string, ends: readonly number[], index: number): [number, number] {
  let start = 0;
  for (const e of ends) {
    if (e >= index) return [start, e];
    start = e + 1;
  }
  return [start, text.length];
}

function overlaps(a: FactSpan, b: FactSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The shape of a name ("payments-router" → lower-case words joined by "-"), for finding rival
 * names; compiled once per name (it is global: `matchAll` scans a copy of it, never its own
 * `lastIndex`).
 */
const shapePatternOf = textMemo(shapePattern, 1_000);

function shapePattern(raw: string): RegExp {
  const parts = raw.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  const src = parts
    .map((p) => {
      if (/^\p{N}+$/u.test(p)) return '\\p{N}+';
      if (/^\p{Lu}\p{Ll}+$/u.test(p)) return '\\p{Lu}\\p{Ll}+';
      if (/^\p{Lu}+$/u.test(p)) return '\\p{Lu}+';
      if (/^\p{Ll}+$/u.test(p)) return '\\p{Ll}+';
      if (/^[\p{L}\p{N}]+$/u.test(p)) return '[\\p{L}\\p{N}]+';
      return p
        .replace(/\s+/g, ' ')
        .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
        .replace(/ /g, '\\s+');
    })
    .join('');
  return new RegExp(
    `(?<![\\p{L}\\p{N}_]|[\\p{L}\\p{N}][\\-./@])${src}(?![\\p{L}\\p{N}_]|[\\-./@][\\p{L}\\p{N}_])`,
    'gu',
  );
}

/** Values in `text` of the same kind as `value` that are not it. */
function rivals(text: string, value: FactValue): readonly FactSpan[] {
  const r = read(text);
  switch (value.kind) {
    case 'number':
    case 'percentage':
    case 'money':
    case 'quantity': {
      const f = value.number;
      const sameKind = (m: (typeof r.numbers)[number]): boolean => {
        if (value.kind === 'money') return m.currency !== null;
        if (value.kind === 'percentage') return m.percent;
        if (value.kind === 'quantity') return unitAlike(f, m);
        return true;
      };
      return r.numbers.filter((m) => sameKind(m) && !numberMatches(value, m));
    }
    case 'version':
      return r.versions.filter((v) => v.key !== value.key);
    case 'date':
    case 'datetime':
      return r.dates.filter(
        (d) =>
          !d.values.some((v) => v.year === value.date.year && v.month === value.date.month && v.day === value.date.day),
      );
    case 'time':
      return r.times.filter((t) => !t.values.some((v) => v.minutes === value.time.minutes));
    case 'identifier':
    case 'phrase': {
      // Kept with the text's reading: an answer is read for each expected value, again at grading.
      let names = r.rivalNames.get(value.raw);
      if (names === undefined) r.rivalNames.set(value.raw, (names = rivalNames(text, value.raw)));
      return names;
    }
  }
}

/** Spans of `text` shaped like the name `raw` that are not it. */
function rivalNames(text: string, raw: string): FactSpan[] {
  const own = factMatcher(raw);
  return [...text.matchAll(shapePatternOf(raw))]
    .map((m) => ({ start: m.index, end: m.index + m[0].length }))
    .filter((s) => own.find(text.slice(s.start, s.end)).length === 0);
}

/** Whether two quantities are in the same unit family (dimension, or the same unit word). */
function unitAlike(a: { readonly unit: UnitMention | null }, b: { readonly unit: UnitMention | null }): boolean {
  if (!a.unit || !b.unit) return false;
  if (a.unit.unit && b.unit.unit) return a.unit.unit.dimension === b.unit.unit.dimension;
  return !a.unit.unit && !b.unit.unit && a.unit.word === b.unit.word;
}

/**
 * The competitors that stand with `own` in one run of alternatives: consecutive values linked by
 * commas, "or", "/" …, with at least one disjunction in the run ("X, Y or Z", "X/Y"). A value
 * merely listed near another ("not 4.4.6 or 4.4.7, which fail" next to 4.4.5) is not in its run.
 */
function alternativesTo(text: string, own: FactSpan, competitors: readonly FactSpan[]): FactSpan[] {
  const items = [own, ...competitors].sort((a, b) => a.start - b.start);
  const at = items.indexOf(own);
  let first = at;
  let last = at;
  let disjunction = false;
  const link = (a: FactSpan, b: FactSpan): boolean => {
    const between = text.slice(a.end, b.start);
    if (!LINK_RE.test(between)) return false;
    if (DISJUNCTION_RE.test(between)) disjunction = true;
    return true;
  };
  while (first > 0 && link(items[first - 1]!, items[first]!)) first--;
  while (last < items.length - 1 && link(items[last]!, items[last + 1]!)) last++;
  // "either X, Y" and "X, Y, or Z" put the disjunction before or after the run.
  if (!disjunction) {
    const before = text.slice(Math.max(0, items[first]!.start - 8), items[first]!.start);
    if (/(?<![\p{L}])either\s+$/iu.test(before)) disjunction = true;
  }
  if (!disjunction) return [];
  return items.slice(first, last + 1).filter((c) => c !== own);
}

/** What `answer` says about `expected`: whether it states it, and which competing values it hedges it with. */
export function readAnswer(answer: string, expected: string, competitors?: readonly string[]): AnswerReading {
  const matcher = factMatcher(expected);
  const own = matcher.find(answer);
  if (own.length === 0) return { mentioned: false, hedgedWith: [] };
  const others = (
    competitors
      ? competitors
          .filter((c) => c.trim() !== '' && factMatcher(c).find(expected).length === 0)
          .flatMap((c) => factMatcher(c).find(answer))
      : rivals(answer, matcher.value)
  ).filter((c) => !own.some((o) => overlaps(o, c)));
  if (others.length === 0) return { mentioned: true, hedgedWith: [] };
  const ends = [...answer.matchAll(CLAUSE_END_RE)].map((m) => m.index);
  const hedged = new Set<string>();
  for (const o of own) {
    const [cs, ce] = clauseAt(answer, ends, o.start);
    const inClause = others.filter((c) => c.start >= cs && c.end <= ce);
    if (inClause.length === 0) continue;
    const rivalsOf = HEDGE_RE.test(answer.slice(cs, ce)) ? inClause : alternativesTo(answer, o, inClause);
    for (const c of rivalsOf) hedged.add(answer.slice(c.start, c.end));
  }
  return { mentioned: true, hedgedWith: [...hedged] };
}

/**
 * Whether `answer` asserts `expected`: it states the value and does not offer a competing value
 * of the same kind as an alternative to it (see the module notes). `competitors` narrows the
 * competing values to those given (e.g. the other candidates of the task).
 */
export function answerAsserts(answer: string, expected: string, competitors?: readonly string[]): boolean {
  const reading = readAnswer(answer, expected, competitors);
  return reading.mentioned && reading.hedgedWith.length === 0;
}
