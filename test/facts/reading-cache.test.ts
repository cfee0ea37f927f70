/**
 * The readings `read` keeps: an equal text (another string with the same characters) gets the
 * same reading back, a different text of the same length its own, and the oldest readings are
 * dropped past 256.
 */
import { expect, it } from 'vitest';
import { read } from '../../src/facts/scan.js';

/** A copy of `text` that is another string in memory. */
function copyOf(text: string): string {
  return text
    .split('')
    .map((c) => c)
    .join('');
}

it('gives an equal text the reading it kept, and a different text of the same length its own', () => {
  const a = 'release v3.5.2 shipped on 2024-05-01 for 42 users';
  const b = 'release v3.5.3 shipped on 2024-05-01 for 42 users';
  expect(b.length).toBe(a.length);
  const first = read(a);
  const other = read(b);
  expect(other).not.toBe(first);
  expect(other.text).toBe(b);
  expect(read(copyOf(a))).toBe(first);
  expect(read(copyOf(b))).toBe(other);
  expect(first.versions).toHaveLength(1);
  expect(other.versions).toHaveLength(1);
});

it('keeps the 256 texts read last and forgets older ones, whatever their lengths', () => {
  const texts = Array.from({ length: 300 }, (_, i) => `text number ${i} ${'x'.repeat(i % 7)}`);
  const readings = texts.map((t) => read(t));
  // The newest 256 come back as they were (read newest first: a hit does not evict).
  for (let i = 299; i >= 44; i--) expect(read(copyOf(texts[i] as string))).toBe(readings[i]);
  // The oldest were dropped: reading them again makes a new reading.
  for (let i = 0; i < 44; i++) expect(read(copyOf(texts[i] as string))).not.toBe(readings[i]);
});
