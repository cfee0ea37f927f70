/**
 * A search of one file finds what a search line by line finds: the same lines, numbered as
 * `split('\n')` numbers them, each counted once however often it holds the pattern.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  MAX_MATCH_CHARS,
  MAX_SEARCH_MATCHES,
  emptyHits,
  scanFile,
  type Hits,
} from '../../../environments/filesystem/search-hits.js';

/** The search as a walk of the file's lines. */
function byLines(path: string, content: string, pattern: string, hits: Hits): void {
  if (!content.includes(pattern)) return;
  hits.reads.push(path);
  content.split('\n').forEach((line, i) => {
    if (!line.includes(pattern)) return;
    hits.total++;
    if (hits.matches.length < MAX_SEARCH_MATCHES)
      hits.matches.push(
        `${path}:${i + 1}: ${line.length > MAX_MATCH_CHARS ? `${line.slice(0, MAX_MATCH_CHARS)}…` : line}`,
      );
  });
}

const piece = fc.constantFrom('ab', 'a', 'b', '\n', '\r\n', ' ', 'x'.repeat(150), 'ba');
const content = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const pattern = fc
  .array(fc.constantFrom('a', 'b', '\n', 'x', ' '), { minLength: 1, maxLength: 3 })
  .map((p) => p.join(''));

describe('scanFile', () => {
  test.prop([content, pattern, fc.nat({ max: 3 })], { numRuns: 3_000 })(
    'finds the lines a line-by-line search finds',
    (text, p, already) => {
      // Hits that already hold matches from files before (the cap counts them too).
      const start = () => ({ reads: [], matches: Array.from({ length: already * 40 }, () => 'm'), total: 0 });
      const got: Hits = start();
      const want: Hits = start();
      scanFile('f.ts', text, p, got);
      byLines('f.ts', text, p, want);
      expect(got).toEqual(want);
    },
  );

  it('numbers lines from 1 and cuts long ones', () => {
    const hits = emptyHits();
    scanFile('a.ts', `one\ntwo two\n${'t'.repeat(250)}\nlast two`, 'two', hits);
    expect(hits.matches).toEqual(['a.ts:2: two two', 'a.ts:4: last two']);
    expect(hits.total).toBe(2);
    const long = emptyHits();
    scanFile('b.ts', `x\n${'y'.repeat(250)}z`, 'z', long);
    expect(long.matches).toEqual([`b.ts:2: ${'y'.repeat(200)}…`]);
  });
});
