/**
 * The Agents SDK example runs as users copy it: without an API key its triage → specialist team
 * plays offline on scripted models, solves the task under production faults, and prints its two
 * SDK handoffs as env handoffs that lose nothing.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { runOffline } from '../../../examples/agents-sdk-team.js';

afterEach(() => vi.restoreAllMocks());

it('the Agents SDK example solves the task offline and prints its handoffs', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  const result = await runOffline();
  expect(result.outcome).toBe('success');
  expect(lines[0]).toMatch(/^success: \d+ steps, 2 handoffs$/);
  expect(lines[1]).toMatch(/^\d+ model calls, no prices given$/);
  expect(lines.filter((l) => l.startsWith('handoff '))).toEqual([
    'handoff planner → executor, facts missing: []',
    'handoff executor → planner, facts missing: []',
  ]);
  expect(lines.at(-1)).toBe('failure modes: none');
}, 60_000);
