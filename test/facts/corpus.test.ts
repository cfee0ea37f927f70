/**
 * The fact matcher against a labelled corpus (`corpus.json`): every kind of value, the real fact
 * values of every built-in world (`source` = family/fact), each with paraphrases a careful reader
 * accepts and hard negatives (near misses: the fact's own guess, a bumped version, a swapped
 * digit, another currency, another unit, a longer token). Precision and recall are printed and
 * must both be ≥ 0.98.
 *
 * `source` says where a pair comes from: `hand` for the hand-written cases (every kind, dates,
 * times and percentages included), else the family and fact whose real value (seeds 0-2) it
 * uses, with the paraphrase or near miss built from it by rule. A pair's label is what a careful
 * reader would say, fixed when the pair was written — never the matcher's output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { factKind, mentionsFact } from '../../src/facts/index.js';
import { BUILTIN_FAMILIES } from '../../environments/index.js';
import { runs } from '../support/sizes.js';

interface Labelled {
  readonly value: string;
  readonly text: string;
  readonly expected: boolean;
  readonly kind: string;
  readonly source: string;
}

const CORPUS = JSON.parse(readFileSync(join(import.meta.dirname, 'corpus.json'), 'utf8')) as Labelled[];

describe('the fact matcher on the labelled corpus', () => {
  it('has ≥ 300 pairs, at least half hard negatives, every kind and every world', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(CORPUS.filter((c) => !c.expected).length).toBeGreaterThanOrEqual(CORPUS.length / 2);
    const kinds = new Set(CORPUS.map((c) => factKind(c.value)));
    for (const k of [
      'number',
      'percentage',
      'money',
      'quantity',
      'date',
      'time',
      'datetime',
      'version',
      'identifier',
      'phrase',
    ])
      expect(kinds, `no corpus value of kind ${k}`).toContain(k);
    const families = new Set(CORPUS.map((c) => c.source.split('/')[0]));
    for (const f of BUILTIN_FAMILIES) expect(families, `no real values of ${f.id}`).toContain(f.id);
  });

  it('precision and recall ≥ 0.98', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const c of CORPUS) {
      const got = mentionsFact(c.text, c.value);
      if (got && c.expected) tp++;
      else if (got) fp++;
      else if (c.expected) fn++;
      if (got !== c.expected)
        wrong.push(`${got ? 'FP' : 'FN'} ${JSON.stringify(c.value)} in ${JSON.stringify(c.text)}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `fact matcher on ${CORPUS.length} labelled pairs (${CORPUS.filter((c) => !c.expected).length} negatives): ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
        (wrong.length > 0 ? `\n  ${wrong.join('\n  ')}` : ''),
    );
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.98);
  });
});

const canonical = [...new Set(CORPUS.map((c) => c.value))];
const value = fc.oneof(
  fc.constantFrom(...canonical),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40)).map(([a, b, c]) => `v${a}.${b}.${c}`),
  fc
    .tuple(fc.constantFrom('£', '$', '€'), fc.integer({ min: 1, max: 99_999 }))
    .map(([s, n]) => `${s}${n.toLocaleString('en-US')}`),
  fc.stringMatching(/^[a-z]{2,8}(-[a-z0-9]{1,6}){0,2}$/),
);
const words = fc.stringMatching(/^[a-zA-Z ,;:!?()"'*`]{0,40}$/);
/**
 * Words after the value, except those that make it another value on its line: "12 pm" is a clock
 * time and "$5 million" five million dollars, never 12 or $5 (see test/facts/line-breaks.test.ts).
 */
const wordsAfter = words.filter(
  (w) => !/^(?:[ap]\.?m(?![a-zA-Z])|thousand(?![a-zA-Z])|million(?![a-zA-Z])|billion(?![a-zA-Z]))/.test(w),
);

describe('a canonical value always matches itself', () => {
  test.prop([value, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })], { numRuns: runs(300, 3000) })(
    'on its own line of random text',
    (v, before, after) => {
      expect(mentionsFact(`${before}\n${v}\n${after}`, v)).toBe(true);
    },
  );
  test.prop([value, words, wordsAfter], { numRuns: runs(300, 3000) })('among random words', (v, before, after) => {
    expect(mentionsFact(`${before} ${v} ${after}`, v)).toBe(true);
  });
});

describe('a currency, percent sign or unit on another line qualifies nothing', () => {
  // Found by the property above: "$" at the end of one line made "12%" on the next read as money.
  test.each([
    ['12%', '$\n12%\n'],
    ['£149', 'GBP\n£149'],
    ['42', 'total\n42\n%'],
  ])('%s in %j', (value, text) => {
    expect(mentionsFact(text, value)).toBe(true);
  });
});
