/**
 * The LangGraph example runs as users copy it: offline, its swarm on `fakeModel()`s solves the
 * task under production faults, with the graph's handoffs as env handoffs that lose nothing.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { runOffline } from '../../../examples/langgraph-team.js';

afterEach(() => vi.restoreAllMocks());

it('the LangGraph example solves the task offline and prints its handoffs', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  const result = await runOffline();
  expect(result.outcome).toBe('success');
  expect(lines[0]).toMatch(/^langgraph-example: success in \d+ steps, \d+ model calls$/);
  const handoffs = lines.filter((l) => / handoff /.test(l));
  expect(handoffs.length).toBe(result.handoffs);
  expect(handoffs.every((l) => l.endsWith('facts missing: []'))).toBe(true);
  expect(lines.at(-1)).toBe('failure modes: none');
}, 60_000);
