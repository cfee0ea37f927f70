/**
 * The currency readers skip their pattern when the character next to the amount can be no
 * currency's. That shortcut must never change an answer: checked against the patterns alone on
 * strings made of symbols, code letters (and the characters `iu` folds onto them), blanks and
 * line breaks.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { currencyAfter, currencyBefore } from '../../src/facts/money.js';
import { runs } from '../support/sizes.js';

const CODES = ['USD', 'GBP', 'EUR', 'JPY', 'CHF', 'CAD', 'AUD', 'INR', 'SEK', 'NOK', 'DKK', 'PLN', 'CNY'];
const BEFORE_RE = new RegExp(
  `(?:(?<![\\p{L}])(?:US|CA|AU|C|A)?\\$|[£€¥₹]|(?<![\\p{L}])(?:${CODES.join('|')}|CHF)(?![\\p{L}]))[^\\S\\r\\n]?$`,
  'iu',
);
const AFTER_RE = new RegExp(
  `^[^\\S\\r\\n]?(?:(${CODES.join('|')})|(pounds? sterling|pounds?|quid|euros?|(?:us )?dollars?|yen|rupees|francs))(?![\\p{L}])`,
  'iu',
);

/** The reader after an amount as it was, pattern only (word codes as in money.ts). */
function legacyAfter(t: string): string | null {
  const m = AFTER_RE.exec(t);
  if (!m) return null;
  const words: Record<string, string> = {
    pound: 'GBP',
    'pound sterling': 'GBP',
    'pounds sterling': 'GBP',
    pounds: 'GBP',
    quid: 'GBP',
    euro: 'EUR',
    euros: 'EUR',
    dollar: 'USD',
    dollars: 'USD',
    'us dollar': 'USD',
    'us dollars': 'USD',
    yen: 'JPY',
    rupees: 'INR',
    francs: 'CHF',
  };
  return m[1] ? m[1].toUpperCase() : (words[(m[2] as string).toLowerCase().replace(/\s+/g, ' ')] ?? null);
}

const bit = fc.constantFrom(
  ...['$', '£', '€', '¥', '₹', 'US', 'C', 'a', 'x', 'é', 'ſ', '\u212a', ' ', '\u00a0', '\t', '\n', '\r', '1', '-', '.'],
  ...['usd', 'GBP', 'ſek', 'NO\u212a', 'chf', 'pounds', 'euro', 'us dollars', 'yen', 'quid'],
);
const text = fc.array(bit, { maxLength: 6 }).map((xs) => xs.join(''));

describe('the currency readers', () => {
  test.prop([text], { numRuns: runs(1000, 10_000) })('read before an amount what the pattern reads', (t) => {
    expect(currencyBefore(t) !== null).toBe(BEFORE_RE.test(t));
  });
  test.prop([text], { numRuns: runs(1000, 10_000) })('read after an amount what the pattern reads', (t) => {
    expect(currencyAfter(t)?.code ?? null).toBe(legacyAfter(t));
  });
});
