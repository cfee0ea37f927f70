/**
 * The gateway against a real HTTP server through the real `openai` client: answers normalised,
 * the faultline headers sent, retries (429 with the provider's wait, 5xx, dropped connections,
 * timeouts) recorded as attempts, fatal failures for a rejected key or an unknown model, and
 * waits that end with the signal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { modelCallRecord } from '../../../src/llm/gateway/call-record.js';
import { createModelGateway, type ModelGatewayOptions } from '../../../src/llm/gateway/gateway.js';
import { createRequestLimiter } from '../../../src/llm/limiter.js';
import { FAULTLINE_HEADERS, type RequestLimiter } from '../../../src/llm/types.js';
import { isProviderError, type ProviderError } from '../../../src/team/provider-error.js';
import { completion, startChatServer, type ChatServer, type Step } from './chat-server.js';
import { FAKE_KEY, KEY_ENV, chatCall } from './fixtures.js';

const FAST: ModelGatewayOptions = { retryBaseMs: 5, maxRetryWaitMs: 200, limiter: () => unlimited };
const unlimited: RequestLimiter = { acquire: () => Promise.resolve({ release: () => undefined }) };

let server: ChatServer | null = null;
const serve = async (script: Step[], fallback?: Step) => (server = await startChatServer(script, fallback));
const never = () => new AbortController().signal;

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    if (isProviderError(e)) return e;
    throw e;
  }
  throw new Error('expected a ProviderError');
}

beforeAll(() => {
  process.env[KEY_ENV] = FAKE_KEY;
});
afterAll(() => {
  delete process.env[KEY_ENV];
});
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('createModelGateway, live', () => {
  it('returns the normalised message and usage, and sends the key and the faultline headers', async () => {
    const s = await serve([
      {
        reply: completion(
          {
            content: 'closing',
            reasoning_content: 'it is open',
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'close', arguments: '{"id":42}' } },
              { id: 't2', type: 'custom', custom: { name: 'x', input: '' } },
            ],
          },
          { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 100 } },
        ),
      },
    ]);
    const answer = await createModelGateway(FAST).complete(chatCall(s.baseUrl, { ordinal: 2, step: 5 }), never());
    expect(answer.message).toEqual({
      content: 'closing',
      reasoning: 'it is open',
      toolCalls: [{ id: 't1', name: 'close', arguments: '{"id":42}' }],
    });
    expect(answer.usage).toEqual({ promptTokens: 120, completionTokens: 30, cachedTokens: 100 });
    expect(answer.attempts).toEqual([]);
    expect(answer.source).toBe('live');
    expect(answer.key).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.latencyMs).toBeGreaterThanOrEqual(0);
    const [got] = s.received;
    expect(got?.headers['authorization']).toBe(`Bearer ${FAKE_KEY}`);
    expect(got?.headers[FAULTLINE_HEADERS.episode]).toBe('ep-1');
    expect(got?.headers[FAULTLINE_HEADERS.role]).toBe('executor');
    expect(got?.headers[FAULTLINE_HEADERS.step]).toBe('5');
    expect(got?.headers[FAULTLINE_HEADERS.call]).toBe('2');
    expect(got?.body['model']).toBe('m');
    expect(got?.body['seed']).toBe(7);
    expect((got?.body['tools'] as unknown[]).length).toBe(2);
  });

  it('reads `reasoning`, gives an id to a tool call without one, and counts absent usage as 0', async () => {
    const s = await serve([
      {
        reply: completion({
          reasoning: 'think',
          tool_calls: [{ type: 'function', function: { name: 'read', arguments: { id: 1 } } }],
        }),
      },
    ]);
    const answer = await createModelGateway(FAST).complete(chatCall(s.baseUrl), never());
    expect(answer.message.reasoning).toBe('think');
    expect(answer.message.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_/) as unknown, name: 'read', arguments: '{"id":1}' },
    ]);
    expect(answer.usage).toEqual({ promptTokens: 0, completionTokens: 0, cachedTokens: 0 });
  });

  it('waits as a 429 asks (retry-after-ms, retry-after) and records the attempts', async () => {
    const s = await serve([
      { status: 429, headers: { 'retry-after-ms': '40' }, body: { error: { message: 'Rate limit reached' } } },
      { status: 429, headers: { 'retry-after': '0' } },
      { reply: completion({ content: 'ok' }) },
    ]);
    const started = performance.now();
    const answer = await createModelGateway(FAST).complete(chatCall(s.baseUrl), never());
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(answer.message.content).toBe('ok');
    expect(answer.attempts.map((a) => [a.status, a.waitedMs])).toEqual([
      [429, 40],
      [429, 0],
    ]);
    expect(answer.attempts[0]?.error).toContain('Rate limit reached');
    expect(s.received).toHaveLength(3);
  });

  it('caps a wait the provider asks for at maxRetryWaitMs', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const answer = await createModelGateway({ ...FAST, maxRetryWaitMs: 30 }).complete(chatCall(s.baseUrl), never());
    expect(answer.attempts.map((a) => a.waitedMs)).toEqual([30]);
  });

  it('gives up on 5xx after maxRetries with a non-fatal ProviderError listing every attempt', async () => {
    const s = await serve([], { status: 500, body: { error: { message: 'upstream exploded' } } });
    const e = await failure(createModelGateway({ ...FAST, maxRetries: 2 }).complete(chatCall(s.baseUrl), never()));
    expect(e.fatal).toBe(false);
    expect(e.status).toBe(500);
    expect(e.message).toContain('could not answer after 3 attempts');
    expect(e.message).toMatch(/1\) 500: .*upstream exploded.*waited \d+ ms.*2\) 500.*3\) 500/);
    expect(s.received).toHaveLength(3);
  });

  it('retries a dropped connection and a timed-out attempt', async () => {
    const s = await serve([
      { drop: true },
      { reply: completion({ content: 'late' }), delayMs: 2000 },
      { reply: completion({ content: 'ok' }) },
    ]);
    const answer = await createModelGateway({ ...FAST, requestTimeoutMs: 150 }).complete(chatCall(s.baseUrl), never());
    expect(answer.message.content).toBe('ok');
    expect(answer.attempts.map((a) => a.status)).toEqual([null, null]);
    expect(answer.attempts[1]?.error).toMatch(/timed? ?out/i);
  });

  it('stops fatally on 401 without ever writing the key, even when the server echoes it', async () => {
    const s = await serve([
      {
        status: 401,
        body: { error: { message: `Incorrect API key provided: ${FAKE_KEY}. Authorization: Bearer ${FAKE_KEY}` } },
      },
    ]);
    const e = await failure(createModelGateway(FAST).complete(chatCall(s.baseUrl), never()));
    expect(e.fatal).toBe(true);
    expect(e.status).toBe(401);
    expect(e.message).toContain(`rejected the API key in $${KEY_ENV}`);
    expect(e.message).not.toContain(FAKE_KEY);
    expect(e.message).not.toContain('sk-fake');
    expect(s.received).toHaveLength(1);
  });

  it('stops fatally on an unknown model', async () => {
    const s = await serve([
      { status: 404, body: { error: { message: 'The model `nope` does not exist', code: 'model_not_found' } } },
    ]);
    const e = await failure(
      createModelGateway(FAST).complete(
        chatCall(s.baseUrl, { request: { ...chatCall('').request, model: 'nope' } }),
        never(),
      ),
    );
    expect(e.fatal).toBe(true);
    expect(e.message).toContain('Unknown model "nope"');
    expect(e.message).toContain('/models');
  });

  it('stops fatally on a 404 that is not about the model: the base URL is wrong', async () => {
    const s = await serve([{ status: 404, body: { error: { message: 'Not Found' } } }]);
    const e = await failure(createModelGateway(FAST).complete(chatCall(s.baseUrl), never()));
    expect(e.fatal).toBe(true);
    expect(e.message).toContain('no chat completions endpoint');
    expect(e.message).toContain('--base-url');
  });

  it('honours a wait a 502 asks for', async () => {
    const s = await serve([{ status: 502, headers: { 'retry-after-ms': '25' } }]);
    const answer = await createModelGateway(FAST).complete(chatCall(s.baseUrl), never());
    expect(answer.attempts).toEqual([{ status: 502, error: expect.stringContaining('502') as unknown, waitedMs: 25 }]);
  });

  it('does not retry another 4xx (the same request would fail again)', async () => {
    const s = await serve([{ status: 400, body: { error: { message: 'context length exceeded' } } }]);
    const e = await failure(createModelGateway(FAST).complete(chatCall(s.baseUrl), never()));
    expect(e.fatal).toBe(false);
    expect(e.status).toBe(400);
    expect(e.message).toContain('context length exceeded');
    expect(s.received).toHaveLength(1);
  });

  it('makes a garbage answer a non-fatal error', async () => {
    const s = await serve([{ reply: { choices: 'nonsense' } }]);
    const e = await failure(createModelGateway(FAST).complete(chatCall(s.baseUrl), never()));
    expect(e.fatal).toBe(false);
    expect(e.message).toContain('without a message');
  });

  it('makes an answer that is not JSON, or broken JSON, a non-fatal error', async () => {
    const s = await serve([
      { raw: '<html>502 Bad Gateway</html>', contentType: 'text/html' },
      { raw: '{"choices": [', contentType: 'application/json' },
    ]);
    const gateway = createModelGateway(FAST);
    for (let i = 0; i < 2; i++) {
      const e = await failure(gateway.complete(chatCall(s.baseUrl), never()));
      expect(e.fatal).toBe(false);
      expect(e.message.length).toBeLessThan(1000);
    }
    expect(s.received).toHaveLength(2);
  });

  it('ends a retry wait as soon as the signal aborts, with its reason', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after-ms': '10000' } }]);
    const controller = new AbortController();
    const started = performance.now();
    const pending = createModelGateway({ ...FAST, maxRetryWaitMs: 20_000 }).complete(
      chatCall(s.baseUrl),
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('deadline')), 100);
    await expect(pending).rejects.toThrow('deadline');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.received).toHaveLength(1);
  });

  it('ends an attempt in flight as soon as the signal aborts, without retrying it', async () => {
    const s = await serve([{ reply: completion({ content: 'late' }), delayMs: 5000 }]);
    const controller = new AbortController();
    const started = performance.now();
    const pending = createModelGateway(FAST).complete(chatCall(s.baseUrl), controller.signal);
    setTimeout(() => controller.abort(new Error('deadline')), 100);
    await expect(pending).rejects.toThrow('deadline');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.received).toHaveLength(1);
  });

  it('asks the limiter for a permit per attempt and returns the tokens used', async () => {
    const s = await serve([
      { status: 503 },
      { reply: completion({ content: 'ok' }, { prompt_tokens: 10, completion_tokens: 5 }) },
    ]);
    const log: string[] = [];
    const limiter: RequestLimiter = {
      acquire: (provider, estimate) => {
        log.push(`acquire ${provider} ${estimate > 0}`);
        return Promise.resolve({ release: (used) => log.push(`release ${used}`) });
      },
    };
    await createModelGateway({ ...FAST, limiter: () => limiter }).complete(chatCall(s.baseUrl), never());
    expect(log).toEqual([`acquire ${s.baseUrl} true`, 'release 0', `acquire ${s.baseUrl} true`, 'release 15']);
  });

  it("keeps concurrent calls under the limiter's maxInFlight against a real server", async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await serve([], {
      reply: completion({ content: 'ok' }, { prompt_tokens: 3, completion_tokens: 2 }),
      delayMs: 20,
    });
    const limiter = createRequestLimiter({ maxInFlight: 4 });
    const counting: RequestLimiter = {
      acquire: async (provider, tokens, signal) => {
        const permit = await limiter.acquire(provider, tokens, signal);
        peak = Math.max(peak, ++inFlight);
        return { release: (used) => (inFlight--, permit.release(used)) };
      },
    };
    const gateway = createModelGateway({ ...FAST, limiter: () => counting });
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => gateway.complete(chatCall(s.baseUrl, { episodeId: `ep-${i}` }), never())),
    );
    expect(answers.every((a) => a.message.content === 'ok')).toBe(true);
    expect(peak).toBe(4);
    expect(s.received).toHaveLength(16);
  });

  it("makes the record an agent notes, with the cost from the role's prices", async () => {
    const s = await serve([{ reply: completion({ content: 'ok' }, { prompt_tokens: 1000, completion_tokens: 100 }) }]);
    const call = chatCall(s.baseUrl, { ordinal: 4 });
    const priced = { ...call, settings: { ...call.settings, prices: { input: 1, output: 10 } } };
    const answer = await createModelGateway(FAST).complete(priced, never());
    const record = modelCallRecord(priced, answer);
    expect(record).toMatchObject({ key: answer.key, ordinal: 4, model: 'm', attempts: [] });
    expect(record).not.toHaveProperty('source');
    expect(record.costUsd).toBeCloseTo(0.002, 12);
    expect(modelCallRecord(call, answer).costUsd).toBeNull();
  });

  it('refuses OpenAI without a key before calling, naming the variable', async () => {
    const e = await failure(
      createModelGateway(FAST).complete(
        {
          ...chatCall(''),
          settings: {
            model: 'm',
            provider: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'FAULTLINE_UNSET_KEY' },
          },
        },
        never(),
      ),
    );
    expect(e.fatal).toBe(true);
    expect(e.message).toContain('FAULTLINE_UNSET_KEY is not set');
  });
});
