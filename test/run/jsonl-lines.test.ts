/**
 * Reading a JSON-lines file line by line through one buffer: every complete line once, in order,
 * with its number (empty lines counted, not visited), across reads, longer than the buffer, with
 * multi-byte characters split by a read, and what follows the last newline given apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/run/jsonl-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines `forEachLine` visits in a file holding `text`, with their numbers, and what it reports. */
function read(text: string): { visited: [number, string][]; lines: number; tail: string } {
  const path = join(dir, 'f.jsonl');
  writeFileSync(path, text);
  const visited: [number, string][] = [];
  const r = forEachLine(path, (line, number) => visited.push([number, line]));
  return { visited, ...r };
}

describe('forEachLine', () => {
  it('visits complete lines with their numbers, counts empty ones, and gives what follows the last newline', () => {
    expect(read('a\n\nb\n')).toEqual({
      visited: [
        [1, 'a'],
        [3, 'b'],
      ],
      lines: 3,
      tail: '',
    });
    expect(read('a\n{"b":')).toEqual({ visited: [[1, 'a']], lines: 1, tail: '{"b":' });
    expect(read('')).toEqual({ visited: [], lines: 0, tail: '' });
  });

  it('reads a file many times its buffer, a line four times longer than it, and characters split by a read', () => {
    // 3-byte and 4-byte characters at every offset, so some straddle each 256 KB read.
    const lines = Array.from({ length: 2_000 }, (_, i) => `${i}:${'€𝄞'.repeat(50 + (i % 7))}`);
    lines[1_000] = `long:${'ü'.repeat(600_000)}`;
    const r = read(`${lines.join('\n')}\n`);
    expect(r.lines).toBe(lines.length);
    expect(r.tail).toBe('');
    expect(r.visited.map(([, line]) => line)).toEqual(lines);
    expect(r.visited.map(([n]) => n)).toEqual(lines.map((_, i) => i + 1));
  });
});
