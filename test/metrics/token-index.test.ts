/**
 * The whole-token search the metrics use for a guess in written text gives the same answer as the
 * regular expression it replaces, on texts made of the characters that decide a token's edges.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { linesAround, tokenIndex } from '../../src/metrics/token-index.js';

/** The pattern the search stands for: the first match at or after `from`. */
function byRegExp(text: string, token: string, from = 0): number {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`, 'g');
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/** Characters at a token's edge that matter (word, `.`, `-`, `_`), and a few that do not. */
const EDGE_CHARS = ['a', 'Z', '7', '_', '.', '-', ' ', '\n', '(', 'é', '$'];
const text = fc.array(fc.constantFrom(...EDGE_CHARS, 'v1', 'x.y'), { maxLength: 30 }).map((parts) => parts.join(''));
const token = fc
  .array(fc.constantFrom(...EDGE_CHARS, 'v1', 'x.y'), { minLength: 1, maxLength: 4 })
  .map((p) => p.join(''));

describe('tokenIndex', () => {
  test.prop([text, token], { numRuns: 2_000 })('agrees with the look-around pattern', (t, tok) => {
    expect(tokenIndex(t, tok)).toBe(byRegExp(t, tok));
  });

  test.prop([text, token, fc.nat({ max: 32 })], { numRuns: 1_000 })('starts at `from`', (t, tok, from) => {
    expect(tokenIndex(t, tok, from)).toBe(byRegExp(t, tok, from));
  });

  test.prop([text], { numRuns: 200 })('finds the token in known places', (t) => {
    expect(tokenIndex(`${t} REFUNDED`, 'REFUNDED')).toBe(t.length + 1);
    expect(tokenIndex('REFUNDED_AT', 'REFUNDED')).toBe(-1);
    expect(tokenIndex('v1.2.3', 'v1.2')).toBe(-1);
    expect(tokenIndex('v1.2.', 'v1.2')).toBe(0);
    expect(tokenIndex(t, '')).toBe(-1);
    expect(tokenIndex(t, '', t.length + 5)).toBe(-1);
  });
});

describe('linesAround', () => {
  const lines = fc.array(fc.constantFrom('', 'a', 'import b', ' c d'), { minLength: 1, maxLength: 8 });
  test.prop([lines, fc.nat(), fc.nat({ max: 3 })], { numRuns: 2_000 })(
    'is the split text around the line that holds the position',
    (parts, at, count) => {
      const text = parts.join('\n');
      const index = at % (text.length + 1);
      const row = text.slice(0, index).split('\n').length - 1;
      const got = linesAround(text, index, count);
      expect(got.line).toBe(parts[row]);
      expect(got.around).toEqual(parts.slice(Math.max(0, row - count), row + count + 1));
      expect(got.end).toBe(parts.slice(0, row + 1).join('\n').length);
    },
  );
});
