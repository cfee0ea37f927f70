/**
 * `wordCount` counts runs of characters that are not white space, exactly as `/\S+/g` matches
 * them, for any text: Unicode spaces (no-break, ideographic, line separators) split words, and
 * other characters (letters, emoji halves, control codes that are not space) do not.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { wordCount } from '../../../environments/mock-web/state.js';

const byRegex = (text: string): number => (text.match(/\S+/g) ?? []).length;

/** Every code unit the regex `\s` accepts, with a few that it does not, to draw texts from. */
const SPACES = ' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const OTHERS = 'a.Z9-\u0000\u001f\u0085\u180e\u200b\u00ad\ud83d\ude00é';

describe('wordCount', () => {
  it('counts words as runs of non-space characters', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('   ')).toBe(0);
    expect(wordCount('one two  three\nfour')).toBe(4);
    expect(wordCount('\u00a0lead\u3000trail\u2028')).toBe(2);
    expect(wordCount('zero\u200bwidth')).toBe(1);
  });

  test.prop([fc.array(fc.constantFrom(...SPACES, ...OTHERS), { maxLength: 60 }).map((cs) => cs.join(''))], {
    numRuns: 500,
  })('agrees with /\\S+/g on any text of spaces and other characters', (text) => {
    expect(wordCount(text)).toBe(byRegex(text));
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 80 })], { numRuns: 500 })(
    'agrees with /\\S+/g on arbitrary UTF-16 text',
    (text) => {
      expect(wordCount(text)).toBe(byRegex(text));
    },
  );
});
