/**
 * Reading `episodes.jsonl` back in plan order: the visitor sees the records in rank order, a
 * rewrite leaves the file in that order without the lines it skips, a file already exactly in
 * order is left as it is (not written again), and a rewrite alone parses no line.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitRecordsInOrder } from '../../src/run/ordered-records.js';
import type { EpisodeRecord } from '../../src/run/records.js';

const RANKS: Record<string, number> = { a: 0, b: 1, c: 2 };
const rankOf = (id: string): number | undefined => RANKS[id];
const line = (id: string, extra = ''): string => `{"id":"${id}","n":${RANKS[id] ?? -1}${extra}}\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-ordered-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as a new file and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The ids a visit sees, in order. */
function visited(path: string, rewrite: boolean): string[] {
  const ids: string[] = [];
  visitRecordsInOrder(path, rankOf, (r: EpisodeRecord) => ids.push(r.id), { rewrite });
  return ids;
}

describe('visitRecordsInOrder', () => {
  it('visits in rank order and rewrites the file so, leaving out unknown, repeated and torn lines', () => {
    const path = file(
      'mixed.jsonl',
      `${line('c')}${line('x')}${line('a')}${line('c', ',"again":1')}${line('b')}{"id":"a`,
    );
    expect(visited(path, false)).toEqual(['a', 'b', 'c']);
    expect(visited(path, true)).toEqual(['a', 'b', 'c']);
    expect(readFileSync(path, 'utf8')).toBe(`${line('a')}${line('b')}${line('c')}`);
  });

  it('refuses to rewrite when it would keep fewer records than the run recorded, leaving the file as it is', () => {
    const text = `${line('c')}${line('x')}${line('a')}`;
    const path = file('unknown.jsonl', text);
    expect(() => visitRecordsInOrder(path, rankOf, null, { rewrite: true, expected: 3 })).toThrow(
      /holds 3 recorded episodes but only 2 have a place in the run's plan \(the first without one: x\)\. The file was left as it is/,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
    // Visiting without a rewrite drops nothing, so there is nothing to refuse.
    expect(visitRecordsInOrder(path, rankOf, null, { expected: 3 })).toBe(2);
    expect(visitRecordsInOrder(path, rankOf, null, { rewrite: true, expected: 2 })).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(`${line('a')}${line('c')}`);
  });

  it('leaves a file that is already exactly in order as it is: the same file, not a rewritten copy', () => {
    const text = `${line('a')}${line('b')}${line('c')}`;
    const path = file('ordered.jsonl', text);
    const before = statSync(path);
    expect(visitRecordsInOrder(path, rankOf, null, { rewrite: true })).toBe(3);
    expect(statSync(path).ino).toBe(before.ino);
    expect(readFileSync(path, 'utf8')).toBe(text);
    // One torn line at the end is not "in order already": the rewrite drops it.
    const torn = file('torn.jsonl', `${text}{"id":"b`);
    const tornBefore = statSync(torn);
    visitRecordsInOrder(torn, rankOf, null, { rewrite: true });
    expect(statSync(torn).ino).not.toBe(tornBefore.ino);
    expect(readFileSync(torn, 'utf8')).toBe(text);
  });

  it('reads files larger than its buffer, with lines across reads and one line longer than the buffer', () => {
    const many = Array.from(
      { length: 300 },
      (_, i) => `{"id":"e${String(i).padStart(3, '0')}","pad":"${'x'.repeat(4_000 + i)}"}\n`,
    );
    const huge = `{"id":"e150","pad":"${'y'.repeat(700_000)}"}\n`;
    const rank = (id: string): number | undefined => (/^e\d{3}$/.test(id) ? Number(id.slice(1)) : undefined);
    const shuffled = many.map((text, i) => (i === 150 ? huge : text)).reverse();
    const path = file('large.jsonl', shuffled.join(''));
    const ids: string[] = [];
    visitRecordsInOrder(path, rank, (r: EpisodeRecord) => ids.push(r.id), { rewrite: true });
    expect(ids).toEqual(many.map((_, i) => `e${String(i).padStart(3, '0')}`));
    expect(readFileSync(path, 'utf8')).toBe(many.map((text, i) => (i === 150 ? huge : text)).join(''));
  });

  it('parses no line when it only rewrites (a line that is not JSON after its id is moved as it is)', () => {
    const path = file('raw.jsonl', `{"id":"b", not json}\n${line('a')}`);
    expect(() => visited(path, false)).toThrow(SyntaxError);
    visitRecordsInOrder(path, rankOf, null, { rewrite: true });
    expect(readFileSync(path, 'utf8')).toBe(`${line('a')}{"id":"b", not json}\n`);
  });
});
