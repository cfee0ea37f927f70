/**
 * Currencies: symbols, ISO codes and words, each read as an ISO code, so "£149", "149.00 GBP",
 * "GBP 149" and "149 pounds" all name the same amount. A bare "$" is read as US dollars.
 */

const SYMBOL_CODES: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  ca$: 'CAD',
  c$: 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  '₹': 'INR',
  chf: 'CHF',
};

/** ISO codes read as currencies (other three-letter words are not). */
const CODES = ['USD', 'GBP', 'EUR', 'JPY', 'CHF', 'CAD', 'AUD', 'INR', 'SEK', 'NOK', 'DKK', 'PLN', 'CNY'];

const WORD_CODES: Record<string, string> = {
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

/** A currency written right before the amount ("£", "US$", "GBP "), ending the text. */
const BEFORE_RE = new RegExp(
  `(?:(?<![\\p{L}])(?:US|CA|AU|C|A)?\\$|[£€¥₹]|(?<![\\p{L}])(?:${CODES.join('|')}|CHF)(?![\\p{L}]))[^\\S\\r\\n]?$`,
  'iu',
);
/** A currency written right after the amount ("149.00 GBP", "149 pounds"). */
const AFTER_RE = new RegExp(
  `^[^\\S\\r\\n]?(?:(${CODES.join('|')})|(pounds? sterling|pounds?|quid|euros?|(?:us )?dollars?|yen|rupees|francs))(?![\\p{L}])`,
  'iu',
);

/** Blank but no line break: the one character a currency and its amount may have between them. */
const BLANK_RE = /[^\S\r\n]/;
/**
 * What a currency's character next to the amount can be: a symbol, or a letter of a code or a
 * word (under `iu` the ASCII letters, `ſ` and the Kelvin sign). Most numbers have none of these
 * beside them, and one look at a character is cheaper than the pattern.
 */
const CURRENCY_EDGE_RE = /[$£€¥₹A-Za-z\u017f\u212a]/;

/** Whether the character at `i` of `text`, or at the next `step` past a blank there, may be a currency's. */
function mayBeCurrency(text: string, i: number, step: number): boolean {
  const here = text[i];
  const c = here !== undefined && BLANK_RE.test(here) ? text[i + step] : here;
  return c !== undefined && CURRENCY_EDGE_RE.test(c);
}

/** The currency right before an amount: its ISO code and how many characters it takes. */
export function currencyBefore(before: string): { code: string; length: number } | null {
  if (!mayBeCurrency(before, before.length - 1, -1)) return null;
  const m = BEFORE_RE.exec(before);
  if (!m) return null;
  const raw = m[0].trim().toLowerCase();
  const code = SYMBOL_CODES[raw] ?? raw.toUpperCase();
  return { code, length: m[0].length };
}

/** The currency right after an amount: its ISO code and how many characters it takes. */
export function currencyAfter(after: string): { code: string; length: number } | null {
  if (!mayBeCurrency(after, 0, 1)) return null;
  const m = AFTER_RE.exec(after);
  if (!m) return null;
  const code = m[1] ? m[1].toUpperCase() : (WORD_CODES[(m[2] as string).toLowerCase().replace(/\s+/g, ' ')] ?? '');
  return code ? { code, length: m[0].length } : null;
}
