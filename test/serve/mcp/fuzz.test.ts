/**
 * Whatever a client sends is a tool result, never a crash: random tool names and JSON
 * arguments, sent at once from one session per role, leave the episode consistent (every step
 * recorded once, each by the role that held control) and other episodes untouched.
 */
import { beforeAll, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { EpisodeHost } from '../../../src/serve/mcp/index.js';
import { connect } from './connect.js';

const ENV = 'filesystem/rename-symbol-v1';
const NAMES = ['list_dir', 'read_file', 'search', 'grep', 'write_file', 'handoff', 'ask', 'wait', 'finish', 'nope'];

beforeAll(() => loadBuiltins());

const call = fc.record({
  role: fc.constantFrom('planner', 'executor', 'reviewer'),
  name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })),
  args: fc.dictionary(
    fc.constantFrom('path', 'to', 'text', 'ticks', 'status', 'pattern', 'facts', '__proto__', 'x'),
    fc.jsonValue({ maxDepth: 3 }),
  ),
});

test.prop([fc.array(call, { minLength: 1, maxLength: 25 })], { numRuns: 20 })(
  'random calls from three role sessions at once are tool results and keep the episode consistent',
  async (calls) => {
    const host = EpisodeHost.open({ env: ENV, seed: 1, controlTimeoutMs: 20, maxSteps: 15 });
    const bystander = EpisodeHost.open({ env: ENV, seed: 1 });
    const sessions = new Map(await Promise.all(host.roles.map(async (r) => [r, await connect(host, r)] as const)));
    const results = await Promise.all(calls.map((c) => sessions.get(c.role)!.call(c.name, c.args)));
    results.forEach((r, i) => {
      expect(Array.isArray(r.content)).toBe(true);
      if (r.structuredContent) expect(r.structuredContent['role']).toBe(calls[i]?.role);
    });
    const stepped = results.filter((r) => r.structuredContent !== undefined);
    expect(stepped.length).toBe(host.steps);
    const trajectory = host.finished?.trajectory;
    if (trajectory) expect(trajectory.map((s) => s.step)).toEqual(trajectory.map((_, i) => i + 1));
    expect(bystander.steps).toBe(0);
    expect(bystander.observationFor(null).step).toBe(0);
    await Promise.all([...sessions.values()].map((s) => s.close()));
    host.close('done');
    bystander.close('done');
    const result = await host.result;
    expect(result.trajectory).toHaveLength(host.steps);
  },
);
