/**
 * What a session offers: its role's world tools with their JSON Schemas and the team actions,
 * the task as a prompt and a resource; bad arguments and unknown tools are clear tool errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { EpisodeHost, TASK_RESOURCE_URI } from '../../../src/serve/mcp/index.js';
import { connect, textOf } from './connect.js';

const ENV = 'filesystem/rename-symbol-v1';

beforeAll(() => loadBuiltins());

describe('MCP session listing', () => {
  it("lists a role's own world tools with JSON Schemas, its team actions and await_turn", async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const planner = await connect(host, 'planner');
    const { tools } = await planner.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual([
      'list_dir',
      'read_file',
      'search',
      'grep',
      'handoff',
      'ask',
      'wait',
      'finish',
      'await_turn',
    ]);
    const read = tools.find((t) => t.name === 'read_file');
    expect(read?.inputSchema).toMatchObject({ type: 'object', properties: { path: { type: 'string' } } });
    expect(read?.annotations?.readOnlyHint).toBe(true);
    const handoff = tools.find((t) => t.name === 'handoff');
    expect(handoff?.inputSchema.properties?.['to']).toEqual({ type: 'string', enum: ['executor', 'reviewer'] });
    await planner.close();
  });

  it('a session for the whole team lists every role’s tools once and finish', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const team = await connect(host);
    const names = (await team.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('write_file');
    expect(names).toContain('finish');
    expect(new Set(names).size).toBe(names.length);
    await team.close();
  });

  it('serves the task as a prompt and a resource; only the entry role sees the request', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const planner = await connect(host, 'planner');
    const executor = await connect(host, 'executor');
    const request = host.observationFor('planner').request as string;
    expect(request.length).toBeGreaterThan(20);

    const prompts = await planner.client.listPrompts();
    expect(prompts.prompts.map((p) => p.name)).toEqual(['task']);
    const prompt = await planner.client.getPrompt({ name: 'task' });
    const promptText = prompt.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('');
    expect(promptText).toContain('You are the planner');
    expect(promptText).toContain(request);

    const resource = await executor.client.readResource({ uri: TASK_RESOURCE_URI });
    const resourceText = resource.contents.map((c) => ('text' in c ? c.text : '')).join('');
    expect(resourceText).toContain('You are the executor');
    expect(resourceText).not.toContain(request);
    await Promise.all([planner.close(), executor.close()]);
  });
});

describe('bad calls', () => {
  it('bad arguments are a tool error recorded as the env judged them; the episode goes on', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const planner = await connect(host, 'planner');
    const bad = await planner.call('read_file', { path: 42, extra: { deep: [1, 2] } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/error/i);
    const wait = await planner.call('wait', { ticks: 'soon' });
    expect(wait.isError).toBe(true);
    const handoff = await planner.call('handoff', { to: 'nobody', text: 'hi' });
    expect(handoff.isError).toBe(true);
    expect(host.steps).toBe(3);
    expect(host.finished).toBeNull();
    const good = await planner.call('list_dir', { path: '' });
    expect(good.isError).toBeUndefined();
    expect(good.structuredContent).toMatchObject({ step: 4, role: 'planner', ok: true });
    await planner.close();
  });

  it('an unknown tool or a tool of another role is refused without taking a step', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const planner = await connect(host, 'planner');
    for (const name of ['write_file', 'rm_rf', '__proto__', 'toString']) {
      const result = await planner.call(name, {});
      expect(result.isError, name).toBe(true);
      expect(textOf(result)).toContain(`Unknown tool "${name}"`);
    }
    expect(host.steps).toBe(0);
    await planner.close();
  });

  it('an oversized action is recorded by its size, not its content', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0, maxActionBytes: 1024 });
    const planner = await connect(host, 'planner');
    const result = await planner.call('search', { pattern: 'x'.repeat(5000) });
    expect(result.isError).toBe(true);
    expect(host.finished).toBeNull();
    host.close('test over');
    const { trajectory, outcome, error } = await host.result;
    expect(trajectory[0]?.action).toMatchObject({ oversized: true, limit: 1024 });
    expect(outcome).toBe('agent_error');
    expect(error?.message).toBe('test over');
    await planner.close();
  });

  it('a second session for a role, or mixing team and role sessions, is refused', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const planner = await connect(host, 'planner');
    await expect(connect(host, 'planner')).rejects.toThrow(/one session per role/);
    await expect(connect(host)).rejects.toThrow(/either one session for the whole team or one per role/);
    await expect(connect(host, 'intruder')).rejects.toThrow(/planner, executor, reviewer/);
    await planner.close();
  });
});
