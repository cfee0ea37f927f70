/**
 * The identifier and phrase finder (`src/facts/words.ts`) walks a value's pieces instead of
 * compiling a Unicode, case-insensitive pattern per value. It must find exactly what the original
 * pattern found (`legacy-words.ts`), span for span: checked on texts built from fact values with
 * case changes, markup, other separators and neighbours that make a longer token, and on the
 * character-level facts about V8 the walk relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { factKind, findFact } from '../../src/facts/index.js';
import { isGap, isSpace, sameLetter, wordsFinder } from '../../src/facts/words.js';
import { runs } from '../support/sizes.js';
import { legacyFindWords } from './legacy-words.js';

const CORPUS = JSON.parse(readFileSync(join(import.meta.dirname, 'corpus.json'), 'utf8')) as { value: string }[];
const names = [...new Set(CORPUS.map((c) => c.value))].filter((v) => ['identifier', 'phrase'].includes(factKind(v)));

describe('what the walk assumes of V8', () => {
  it('`iu` folds only ſ and the Kelvin sign onto ASCII letters and digits', () => {
    const ascii = /^[a-z0-9]$/iu;
    const folded: string[] = [];
    for (let c = 0x80; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (ascii.test(ch)) folded.push(ch);
    }
    expect(folded).toEqual(['ſ', '\u212a']);
    const wrong: string[] = [];
    for (let v = 0; v < 0x80; v++) {
      const pattern = new RegExp(`^${String.fromCharCode(v).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'iu');
      const lower = String.fromCharCode(v).toLowerCase().charCodeAt(0);
      if (!/[a-z0-9]/i.test(String.fromCharCode(v))) continue;
      for (const t of [v, v ^ 0x20, 0x17f, 0x212a])
        if (sameLetter(t, lower) !== pattern.test(String.fromCharCode(t))) wrong.push(`${v} ~ ${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the separator and space sets are the patterns’ own', () => {
    const gap = /^[\s_\-*`'"’‘“”]$/u;
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (isSpace(c) !== /^\s$/.test(ch)) wrong.push(`\\s at ${c}`);
      if (isGap(c) !== gap.test(ch)) wrong.push(`gap at ${c}`);
    }
    expect(wrong).toEqual([]);
  });
});

const word = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
const joiner = fc.constantFrom('-', '_', ' ', '.', '/', ':', ' / ', '://', ', ', ' - ', '  ', '-_', ' (');
const tail = fc.constantFrom('', '', '', '/', '.', ')', ' !', '/ ?', ' .');
/** Values of every shape: ASCII names and phrases (the walk), and some it leaves to the pattern. */
const value = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...names) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(word, fc.array(fc.tuple(joiner, word), { maxLength: 3 }), tail)
      .map(([w, rest, t]) => `${w}${rest.map(([j, x]) => j + x).join('')}${t}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('café-bar', 'Straße 5', '.env', '#general', '/', 'naïve', 'ΣΑΣ-1') },
);

/** Strings that change a value's case, separators and surroundings. */
const gapText = fc.constantFrom(
  '',
  ' ',
  '-',
  '_',
  '  ',
  '\n',
  '**',
  '`',
  '’',
  ' * ',
  '- -',
  '______',
  '      ',
  '.',
  '/',
);
const neighbour = fc.constantFrom(
  '',
  ' ',
  '\n',
  'x',
  '_',
  '-',
  '.',
  '@',
  '/',
  '-x',
  '.x',
  '@x',
  '/x',
  '9',
  'é',
  '𝐀',
  'ſ',
  '\u212a',
  'İ',
  '`',
  '**',
  ' directory',
  ' folder',
  '** dir',
  '"  Folders',
  'Σ',
);

/** The value as a text might write it: case flipped, s/k as ſ/K, separators replaced. */
function written(v: string, flips: readonly number[], gaps: readonly string[]): string {
  const parts = v.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  let out = '';
  parts.forEach((part, i) => {
    const flip = flips[i % Math.max(1, flips.length)] ?? 0;
    if (/^[\p{L}\p{N}]/u.test(part)) {
      out += [...part]
        .map((ch, k) => {
          const bit = (flip >> (k % 8)) & 3;
          if (bit === 1) return ch.toUpperCase();
          if (bit === 2) return ch.toLowerCase();
          if (bit === 3 && i > 0) return ch === 's' ? 'ſ' : ch === 'k' ? '\u212a' : ch;
          return ch;
        })
        .join('');
    } else out += flip % 3 === 0 ? (gaps[i % Math.max(1, gaps.length)] ?? part) : part;
  });
  return out;
}

const text = fc
  .tuple(
    value,
    fc.array(
      fc.tuple(neighbour, fc.array(fc.nat(255), { maxLength: 4 }), fc.array(gapText, { maxLength: 3 }), neighbour),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    fc.string({ maxLength: 6 }),
  )
  .map(([v, uses, filler]) => ({
    v,
    text: uses.map(([a, flips, gaps, b]) => `${a}${written(v, flips, gaps)}${b}`).join(filler),
  }));

describe('the walk finds what the original pattern found', () => {
  test.prop([text], { numRuns: runs(250, 5000) })('on texts built from the value', ({ v, text }) => {
    const raw = v.trim();
    expect(wordsFinder(raw)({ text, lower: text.toLowerCase() })).toEqual(legacyFindWords(text, raw));
  });

  test.prop([fc.constantFrom(...names), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })], {
    numRuns: runs(200, 2000),
  })('through findFact, on a value among random characters', (v, before, after) => {
    const t = `${before}${v}${after}`;
    expect(findFact(t, v)).toEqual(legacyFindWords(t, v));
  });

  it.each([
    ['vendor/', 'leave the `vendor` directory alone, and vendor/x too'],
    ['Cobalt 7', 'Cobalt7, **Cobalt** 7, cobalt-7, Cobalt 77, Cobalt       7'],
    ['payments-router', 'payments_router, api.payments-router, payments-router-v2, PAYMENTS ROUTER.'],
    ['cus_osei', 'cuſ_osei, CUS-OSEI, cus__osei'],
    ['SPDX-License-Identifier: MIT', 'SPDX License Identifier :MIT and spdx-license-identifier:  mit'],
    ['İstanbul', 'istanbul İstanbul'],
  ])('%s in %j', (v, t) => {
    expect(wordsFinder(v)({ text: t, lower: t.toLowerCase() })).toEqual(legacyFindWords(t, v));
  });
});
