/**
 * The scripted model server, driven by the real `openai` client over real HTTP on 127.0.0.1.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  dropReply,
  errorReply,
  rateLimitReply,
  startScriptedModelServer,
  textReply,
  toolCallsReply,
  type Responder,
  type ScriptedModelServer,
  type ScriptedModelServerOptions,
} from '../../src/testing/model-server/index.js';

const KEY = 'sk-test-5e3f9a1c0d7b4e2a';
const ASK: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
  model: 'm',
  messages: [
    { role: 'system', content: 'You are the executor.' },
    { role: 'user', content: 'Rename the symbol foo to bar.' },
  ],
  tools: [
    {
      type: 'function',
      function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: {} } },
    },
  ],
};

async function withServer(
  options: Partial<ScriptedModelServerOptions> & { respond: Responder },
  body: (server: ScriptedModelServer, client: OpenAI) => Promise<void>,
  client: Partial<ConstructorParameters<typeof OpenAI>[0]> = {},
): Promise<void> {
  const server = await startScriptedModelServer(options);
  try {
    await body(server, new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0, ...client }));
  } finally {
    await server.close();
  }
}

describe('scripted model server: answers', () => {
  it('listens on 127.0.0.1 with a /v1 base URL', async () => {
    await withServer({ respond: () => textReply('hi'), models: ['m', 'n'] }, async (server, client) => {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = await client.models.list();
      expect(models.data.map((m) => m.id)).toEqual(['m', 'n']);
    });
  });

  it('a tool call arrives in OpenAI’s shape, with deterministic usage', async () => {
    await withServer(
      { respond: () => toolCallsReply([{ name: 'read_file', arguments: { path: 'src/a.ts' } }]) },
      async (_server, client) => {
        const a = await client.chat.completions.create(ASK);
        const b = await client.chat.completions.create(ASK);
        expect(a).toEqual(b);
        expect(a.object).toBe('chat.completion');
        expect(a.model).toBe('m');
        expect(a.id).toMatch(/^chatcmpl-/);
        expect(a.choices[0]!.finish_reason).toBe('tool_calls');
        const message = a.choices[0]!.message;
        expect(message.role).toBe('assistant');
        expect(message.content).toBeNull();
        expect(message.tool_calls).toHaveLength(1);
        const call = message.tool_calls![0]!;
        expect(call.type).toBe('function');
        if (call.type !== 'function') throw new Error('expected a function call');
        expect(call.function).toEqual({ name: 'read_file', arguments: '{"path":"src/a.ts"}' });
        // 'You are the executor.' (21) + 'Rename the symbol foo to bar.' (29) = 50 chars → 13 tokens.
        expect(a.usage).toEqual({
          prompt_tokens: 13,
          completion_tokens: Math.ceil(('read_file'.length + '{"path":"src/a.ts"}'.length) / 4),
          total_tokens: 13 + 7,
          prompt_tokens_details: { cached_tokens: 0 },
        });
      },
    );
  });

  it('several calls are parallel tool calls, with their own or generated ids', async () => {
    await withServer(
      {
        respond: () =>
          toolCallsReply([
            { name: 'read_file', arguments: { path: 'a' }, id: 'call_mine' },
            { name: 'read_file', arguments: { path: 'b' } },
          ]),
      },
      async (_server, client) => {
        const calls = (await client.chat.completions.create(ASK)).choices[0]!.message.tool_calls!;
        expect(calls.map((c) => c.id)).toEqual(['call_mine', expect.stringMatching(/^call_[0-9a-f]{12}_1$/)]);
      },
    );
  });

  it('text only, reasoning, usage overrides', async () => {
    await withServer(
      {
        respond: () =>
          textReply('I am done.', {
            reasoning: 'The file is renamed.',
            usage: { promptTokens: 100, cachedTokens: 64 },
            model: 'm-2025',
          }),
      },
      async (_server, client) => {
        const a = await client.chat.completions.create(ASK);
        expect(a.choices[0]!.finish_reason).toBe('stop');
        expect(a.model).toBe('m-2025');
        const message = a.choices[0]!.message as OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
        expect(message.content).toBe('I am done.');
        expect(message.tool_calls).toBeUndefined();
        expect(message.reasoning_content).toBe('The file is renamed.');
        expect(a.usage).toMatchObject({ prompt_tokens: 100, prompt_tokens_details: { cached_tokens: 64 } });
      },
    );
  });

  it('malformed arguments arrive verbatim', async () => {
    const raw = '{"path": "a.ts", "mode": ';
    await withServer({ respond: () => toolCallsReply([{ name: 'read_file', arguments: raw }]) }, async (_s, client) => {
      const call = (await client.chat.completions.create(ASK)).choices[0]!.message.tool_calls![0]!;
      if (call.type !== 'function') throw new Error('expected a function call');
      expect(call.function.arguments).toBe(raw);
    });
  });

  it('records each request with its faultline headers and answer, and reprograms between runs', async () => {
    await withServer({ respond: () => textReply('first') }, async (server, client) => {
      await client.chat.completions.create(ASK, {
        headers: {
          'x-faultline-episode': 'filesystem/rename-v1#0.0',
          'x-faultline-role': 'executor',
          'x-faultline-step': '4',
          'x-faultline-call': '7',
        },
      });
      server.setResponder(() => textReply('second'));
      const second = await client.chat.completions.create(ASK);
      expect(second.choices[0]!.message.content).toBe('second');
      const [r0, r1] = server.requests;
      expect(r0).toMatchObject({
        index: 0,
        method: 'POST',
        path: '/v1/chat/completions',
        authorized: true,
        episode: 'filesystem/rename-v1#0.0',
        role: 'executor',
        step: 4,
        call: 7,
        body: { model: 'm', messages: ASK.messages },
        answer: { kind: 'completion', status: 200 },
      });
      expect(r0!.headers['x-faultline-role']).toBe('executor');
      expect(r0!.headers['authorization']).toBeUndefined();
      expect(r1).toMatchObject({ index: 1, answer: { kind: 'completion' } });
      expect(r1!.episode).toBeUndefined();
    });
  });

  it('recordRequests: false keeps no request', async () => {
    await withServer({ respond: () => textReply('ok'), recordRequests: false }, async (server, client) => {
      await client.chat.completions.create(ASK);
      await client.chat.completions.create(ASK);
      expect(server.requests).toEqual([]);
    });
  });
});

describe('scripted model server: errors', () => {
  it('a 429 surfaces as RateLimitError with retry-after', async () => {
    await withServer(
      { respond: () => rateLimitReply(2, { headers: { 'x-ratelimit-reset-requests': '1s' } }) },
      async (server, client) => {
        const error = await client.chat.completions.create(ASK).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.RateLimitError);
        const e = error as InstanceType<typeof OpenAI.RateLimitError>;
        expect(e.status).toBe(429);
        expect(e.headers?.get('retry-after')).toBe('2');
        expect(e.headers?.get('x-ratelimit-reset-requests')).toBe('1s');
        expect(e.code).toBe('rate_limit_exceeded');
        expect(server.requests[0]!.answer).toMatchObject({
          kind: 'error',
          status: 429,
          headers: { 'retry-after': '2' },
        });
      },
    );
  });

  it('a 500 surfaces as InternalServerError; a custom body is sent as is', async () => {
    await withServer({ respond: () => errorReply(500, 'boom') }, async (server, client) => {
      const error = await client.chat.completions.create(ASK).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect((error as Error).message).toContain('boom');
      server.setResponder(() => errorReply(503, '', { body: 'upstream unavailable' }));
      const raw = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ASK),
      });
      expect(raw.status).toBe(503);
      expect(await raw.text()).toBe('upstream unavailable');
    });
  });

  it('a dropped connection surfaces as APIConnectionError', async () => {
    await withServer({ respond: () => dropReply() }, async (server, client) => {
      const error = await client.chat.completions.create(ASK).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(server.requests[0]!.answer).toEqual({ kind: 'drop', delayMs: 0 });
    });
  });

  it('a slow answer times out the client; the abort cancels the server’s timer', async () => {
    await withServer(
      { respond: () => textReply('late', { delayMs: 5_000 }) },
      async (server, client) => {
        const started = performance.now();
        const error = await client.chat.completions.create(ASK).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
        expect(performance.now() - started).toBeLessThan(2_000);
        await expect.poll(() => server.requests[0]!.answer).toEqual({ kind: 'aborted' });
        // A short delay is waited out and answered.
        server.setResponder(() => textReply('soon', { delayMs: 30 }));
        const a = await client.chat.completions.create(ASK);
        expect(a.choices[0]!.message.content).toBe('soon');
        expect(server.requests[1]!.answer).toMatchObject({ kind: 'completion', delayMs: 30 });
      },
      { timeout: 200 },
    );
  });

  it('401 for a wrong key or none; the key is never recorded', async () => {
    await withServer({ respond: () => textReply('ok'), apiKey: KEY }, async (server, client) => {
      await client.chat.completions.create(ASK);
      const wrong = new OpenAI({ baseURL: server.url, apiKey: 'sk-wrong-key-0000', maxRetries: 0 });
      const error = await wrong.chat.completions.create(ASK).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
      expect((error as Error).message).not.toContain('sk-wrong-key-0000');
      const none = await fetch(`${server.url}/models`);
      expect(none.status).toBe(401);
      expect(server.requests.map((r) => r.authorized)).toEqual([true, false, false]);
      const recorded = JSON.stringify(server.requests);
      expect(recorded).not.toContain(KEY);
      expect(recorded).not.toContain('sk-wrong-key-0000');
      expect(recorded.toLowerCase()).not.toContain('"authorization":');
    });
  });

  it('credential-looking headers are not recorded', async () => {
    await withServer({ respond: () => textReply('ok') }, async (server, client) => {
      await client.chat.completions.create(ASK, {
        headers: { 'api-key': 'azure-secret-1', 'x-api-key': 'anthropic-secret-2', cookie: 'session=secret-3' },
      });
      const recorded = JSON.stringify(server.requests);
      for (const secret of ['azure-secret-1', 'anthropic-secret-2', 'secret-3', KEY])
        expect(recorded).not.toContain(secret);
    });
  });

  it('404 model_not_found for a model the server does not serve', async () => {
    await withServer({ respond: () => textReply('ok'), models: ['m'] }, async (_server, client) => {
      const error = await client.chat.completions.create({ ...ASK, model: 'gpt-nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
      expect((error as Error).message).toContain('gpt-nope');
    });
  });

  it('400 for a bad JSON body, a body without messages, and stream: true', async () => {
    await withServer({ respond: () => textReply('ok') }, async (server, client) => {
      const post = (body: string) =>
        fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      const bad = await post('{"model": "m", "messages": [');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });
      const noMessages = await post('{"model": "m"}');
      expect(noMessages.status).toBe(400);
      expect(((await noMessages.json()) as { error: { message: string } }).error.message).toContain("'messages'");
      const stream = await client.chat.completions.create({ ...ASK, stream: true }).catch((e: unknown) => e);
      expect(stream).toBeInstanceOf(OpenAI.BadRequestError);
      expect((stream as Error).message).toContain('stream');
      const unknown = await fetch(`${server.url}/completions`, { method: 'POST', body: '{}' });
      expect(unknown.status).toBe(404);
    });
  });

  it('a body over maxBodyBytes is a 413; a huge model name is cut short in the message', async () => {
    await withServer({ respond: () => textReply('ok'), models: ['m'], maxBodyBytes: 4096 }, async (server, client) => {
      const big = await client.chat.completions
        .create({ ...ASK, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] })
        .catch((e: unknown) => e);
      expect(big).toBeInstanceOf(OpenAI.APIError);
      expect((big as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
      const e = await client.chat.completions.create({ ...ASK, model: 'z'.repeat(3000) }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OpenAI.NotFoundError);
      expect((e as Error).message).toContain('(3000 characters)');
      expect((e as Error).message.length).toBeLessThan(600);
      expect(server.requests.map((r) => r.answer?.kind === 'error' && r.answer.status)).toEqual([413, 404]);
    });
  });

  it('a responder that throws gives a 500 naming the failure', async () => {
    await withServer(
      {
        respond: () => {
          throw new Error('no script for this request');
        },
      },
      async (_server, client) => {
        const error = await client.chat.completions.create(ASK).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.InternalServerError);
        expect((error as Error).message).toContain('no script for this request');
      },
    );
  });

  it('close() ends pending slow answers at once', async () => {
    const server = await startScriptedModelServer({ respond: () => textReply('late', { delayMs: 60_000 }) });
    const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
    const pending = client.chat.completions.create(ASK).catch((e: unknown) => e);
    await expect.poll(() => server.requests.length).toBe(1);
    const started = performance.now();
    await server.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
