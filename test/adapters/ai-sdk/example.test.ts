/**
 * The AI SDK example runs as users copy it: its team solves the task under production faults
 * with the oracle's digest, and its handoffs show as env handoffs.
 */
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

it('the AI SDK example solves the task with the oracle digest and shows its handoffs', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  await import('../../../examples/ai-sdk-team.js');
  expect(lines[0]).toMatch(/^ai-sdk-example: success in \d+ steps, [1-9]\d* handoffs$/);
  expect(lines[1]).toBe('same digest as the oracle: true');
  expect(lines[2]).toMatch(/^model calls: \d+ \(\$0\.\d{4}\), failure modes: none$/);
  expect(lines.filter((l) => / handed off /.test(l)).length).toBeGreaterThan(0);
}, 60_000);
