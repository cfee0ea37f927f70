import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

it("the README's library example runs and shows the oracle succeeding where a quitter gives up", async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation(
    (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
  );
  await import('../../examples/quickstart.js');
  expect(lines[0]).toContain('filesystem/rename-symbol-v1');
  expect(lines.find((l) => l.startsWith('oracle '))).toMatch(/^oracle success/);
  expect(lines.find((l) => l.startsWith('mine '))).toMatch(/^mine gave_up/);
});
