import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

it('the consistency example shows brittle consistent less often than it succeeds, and the difference as significant', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  await import('../../examples/consistency.js');
  // Every task passed, yet a few tasks cannot prove certainty: the interval stays open below 1.
  expect(lines[0]).toMatch(/^oracle: success 1, pass\^4 1 \[0\.[5-9]\d*, 1\], flip rate 0$/);
  const brittle = /^brittle: success ([\d.]+), pass\^4 ([\d.]+)/.exec(lines[1] ?? '');
  expect(brittle).not.toBeNull();
  expect(Number(brittle![2])).toBeLessThan(Number(brittle![1]));
  expect(lines[2]).toMatch(/significant: true$/);
  expect(lines[3]).toMatch(/report: .*report\.html$/);
}, 60_000);
