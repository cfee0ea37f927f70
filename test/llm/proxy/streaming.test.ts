/**
 * `stream: true` through the proxy with the official client: the server-sent chunks, built from
 * the whole upstream answer, parse into the same message as the plain answer (text, tool calls,
 * usage), through both the raw stream and the client's `stream()` helper.
 */
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import {
  errorReply,
  textReply,
  toolCallsReply,
  type ScriptedModelServer,
} from '../../../src/testing/model-server/index.js';
import { MODEL, SECRET, ask, echo, programClient, proxyFor, proxyPerFile } from './harness.js';

let server: ScriptedModelServer;
let proxy: ModelProxy;
proxyPerFile((started) => ({ server, proxy } = started));

describe('model proxy streaming', () => {
  it('streams a text answer as chunks, with a usage chunk when asked', async () => {
    const client = programClient(proxy, 'ep-stream', 'solo');
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'tell me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(JSON.stringify(chunk)).not.toContain(SECRET);
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('ep-stream/solo: tell me');
    expect(finish).toBe('stop');
    expect(chunks).toBe(3);
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number) as number });
    // The streamed call is recorded like a plain one; stream fields are not sent upstream.
    expect(server.requests.at(-1)?.body).not.toHaveProperty('stream');
    expect(proxy.takeTurn('ep-stream', 'solo')?.calls[0]?.message.content).toBe(text);
  });

  it("parses tool calls with the client's stream helper into the plain answer's message", async () => {
    server.setResponder(() =>
      toolCallsReply([
        { name: 'open', arguments: { door: 1 }, id: 'c1' },
        { name: 'close', arguments: { door: 2 }, id: 'c2' },
      ]),
    );
    const client = programClient(proxy, 'ep-stream-tools', 'solo');
    const runner = client.chat.completions.stream({ model: MODEL, messages: [{ role: 'user', content: 'doors' }] });
    const streamed = await runner.finalChatCompletion();
    const plain = await ask(programClient(proxy, 'ep-stream-plain', 'solo'), 'doors');
    expect(streamed.choices[0]?.message.tool_calls).toEqual(plain.choices[0]?.message.tool_calls);
    expect(streamed.choices[0]?.message.tool_calls?.map((c) => c.type === 'function' && c.function.name)).toEqual([
      'open',
      'close',
    ]);
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls');
    expect(streamed.usage).toEqual(plain.usage);
  });

  it('answers a failed streamed call with an error the client raises, not a broken stream', async () => {
    server.setResponder(() => errorReply(400, 'This model does not support tools.'));
    const client = programClient(proxy, 'ep-stream-error', 'solo');
    const error = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).message).toMatch(/does not support tools/);
    server.setResponder(echo);
  });

  it('keeps a slow stream alive with comments, then sends the answer, or the error in the stream', async () => {
    const slow = await proxyFor(server, { streamHeartbeatMs: 20 });
    try {
      server.setResponder(() => textReply('worth the wait', { delayMs: 150 }));
      const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true });
      const url = `${slow.baseUrlFor('ep-slow', 'solo')}/chat/completions`;
      const raw = await (await fetch(url, { method: 'POST', body })).text();
      expect(raw.startsWith(': waiting for the model\n\n')).toBe(true);
      expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
      const client = programClient(slow, 'ep-slow', 'solo');
      let text = '';
      const stream = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('worth the wait');

      server.setResponder(() => errorReply(400, 'Too late to refuse.', { delayMs: 150 }));
      const failing = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'y' }],
        stream: true,
      });
      const error = await (async () => {
        for await (const chunk of failing) void chunk;
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).message).toMatch(/Too late to refuse/);
      expect((error as APIError).message).not.toContain(SECRET);
    } finally {
      server.setResponder(echo);
      await slow.close();
    }
  });
});
