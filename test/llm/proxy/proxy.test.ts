/**
 * The model proxy between the official `openai` client and a scripted upstream: answers in
 * OpenAI's shape, the proxy's key (not the program's) and the faultline headers sent upstream,
 * calls attributed to (episode, role) and drained as turns, episodes kept apart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import { FAULTLINE_HEADERS } from '../../../src/llm/types.js';
import { toolCallsReply, type ScriptedModelServer } from '../../../src/testing/model-server/index.js';
import { MODEL, SECRET, ask, echo, programClient, proxyFor, upstream, withKey } from './harness.js';

let server: ScriptedModelServer;
let proxy: ModelProxy;
let unset: () => void;

beforeAll(async () => {
  unset = withKey();
  server = await upstream();
  proxy = await proxyFor(server, { prices: { input: 1, output: 2 } });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  unset();
});
afterEach(() => server.setResponder(echo));

describe('startModelProxy', () => {
  it('answers a chat completion through the gateway with the proxy key and the faultline headers', async () => {
    const client = programClient(proxy, 'ep-basic', 'executor');
    const answer = await ask(client, 'hello');
    expect(answer.object).toBe('chat.completion');
    expect(answer.model).toBe(MODEL);
    expect(answer.choices[0]?.message.content).toBe('ep-basic/executor: hello');
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    expect(answer.usage?.prompt_tokens).toBeGreaterThan(0);
    const got = server.requests.at(-1);
    // The upstream demands SECRET: the proxy used its own key, not the program's dummy one.
    expect(got?.authorized).toBe(true);
    expect(got?.headers[FAULTLINE_HEADERS.episode]).toBe('ep-basic');
    expect(got?.headers[FAULTLINE_HEADERS.role]).toBe('executor');
    expect(got?.headers[FAULTLINE_HEADERS.call]).toBe('1');
    expect(got?.headers[FAULTLINE_HEADERS.step]).toBe('0');
    expect(JSON.stringify(answer)).not.toContain(SECRET);

    const turn = proxy.takeTurn('ep-basic', 'executor');
    expect(turn?.calls).toHaveLength(1);
    const [call] = turn!.calls;
    expect(call?.ordinal).toBe(1);
    expect(call?.model).toBe(MODEL);
    expect(call?.message.content).toBe('ep-basic/executor: hello');
    expect(call?.costUsd).toBeGreaterThan(0);
    expect(call?.attempts).toEqual([]);
    expect(proxy.takeTurn('ep-basic', 'executor')).toBeUndefined();
    expect(proxy.endEpisode('ep-basic')).toEqual([call]);
    expect(proxy.endEpisode('ep-basic')).toEqual([]);
  });

  it('passes tool calls, tools and unknown fields through, and numbers steps by the turns taken', async () => {
    server.setResponder(() =>
      toolCallsReply([{ name: 'read_ticket', arguments: { id: 42 }, id: 'call_a' }], { content: 'reading' }),
    );
    const client = programClient(proxy, 'ep-tools', 'solo');
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'read_ticket', description: 'Read a ticket.', parameters: { type: 'object' } },
      },
    ];
    const first = await ask(client, 'read 42', { tools, tool_choice: 'auto' });
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'read_ticket', arguments: '{"id":42}' } },
    ]);
    expect(first.choices[0]?.message.content).toBe('reading');
    const sent = server.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent['tool_choice']).toBe('auto');
    expect(sent['tools']).toEqual(tools);
    expect(proxy.takeTurn('ep-tools', 'solo')?.calls.map((c) => c.ordinal)).toEqual([1]);
    await ask(client, 'again', { tools });
    await ask(client, 'and again', { tools });
    expect(server.requests.at(-1)?.headers[FAULTLINE_HEADERS.step]).toBe('1');
    expect(server.requests.at(-1)?.headers[FAULTLINE_HEADERS.call]).toBe('3');
    expect(proxy.takeTurn('ep-tools', 'solo')?.calls.map((c) => c.ordinal)).toEqual([2, 3]);
    expect(proxy.endEpisode('ep-tools').map((c) => c.ordinal)).toEqual([1, 2, 3]);
  });

  it('keeps two episodes and two roles apart when their calls interleave', async () => {
    const pairs = [
      ['ep-a', 'planner'],
      ['ep-a', 'executor'],
      ['ep-b', 'planner'],
      ['ep-b', 'executor'],
    ] as const;
    // Three rounds, every (episode, role) at once in each.
    for (let round = 0; round < 3; round++)
      await Promise.all(pairs.map(([e, r]) => ask(programClient(proxy, e, r), `${e} ${r} ${round}`)));
    for (const [e, r] of pairs) {
      const turn = proxy.takeTurn(e, r);
      expect(turn?.calls.map((c) => c.message.content)).toEqual([0, 1, 2].map((n) => `${e}/${r}: ${e} ${r} ${n}`));
    }
    for (const e of ['ep-a', 'ep-b']) {
      const all = proxy.endEpisode(e);
      // Ordinals count the episode's calls across its roles.
      expect(all.map((c) => c.ordinal)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(all.map((c) => c.key)).size).toBe(6);
    }
  });

  it('lists the configured model', async () => {
    const client = programClient(proxy, 'ep-models', 'solo');
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual([MODEL]);
    expect((await client.models.retrieve(MODEL)).id).toBe(MODEL);
    await expect(client.models.retrieve('org/other-model')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses an unsafe id when building a base URL', () => {
    expect(() => proxy.baseUrlFor('../etc', 'solo')).toThrow(/episodeId/);
    expect(() => proxy.baseUrlFor('ep', 'a/b')).toThrow(/role/);
  });
});
