/**
 * Whatever a program sends, the proxy answers with a clear error in OpenAI's shape and goes on
 * serving: bad JSON, a body over the limit, an unknown path, an unsafe id, a wrong method, a
 * request missing its messages, garbage HTTP. The program's key is never echoed.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import type { ScriptedModelServer } from '../../../src/testing/model-server/index.js';
import { DUMMY_KEY, MODEL, SECRET, ask, programClient, proxyFor, upstream, withKey } from './harness.js';

let server: ScriptedModelServer;
let proxy: ModelProxy;
let unset: () => void;

beforeAll(async () => {
  unset = withKey();
  server = await upstream();
  proxy = await proxyFor(server, { maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  unset();
});

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly error: { message: string; type: string; code: string; param: string | null };
}

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${proxy.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${DUMMY_KEY}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(DUMMY_KEY);
  return { status: res.status, text, error: (JSON.parse(text) as { error: Answer['error'] }).error };
}

const chat = '/e/ep-bad/solo/v1/chat/completions';
const post = (body: string) => send(chat, { method: 'POST', body });

describe('model proxy, bad requests', () => {
  it('answers bad JSON and bad fields with a 400 naming the problem', async () => {
    const garbage = await post('{"model": "m", "messages": [');
    expect(garbage.status).toBe(400);
    expect(garbage.error.code).toBe('invalid_json');
    expect(garbage.error.message).toMatch(/not valid JSON/);
    expect((await post('')).error.message).toMatch(/body is empty/);
    expect((await post('[1,2]')).error.message).toMatch(/must be a JSON object, not an array/);
    const noMessages = await post(JSON.stringify({ model: MODEL }));
    expect(noMessages.status).toBe(400);
    expect(noMessages.error.param).toBe('messages');
    const badMessage = await post(JSON.stringify({ model: MODEL, messages: [{ content: 'x' }] }));
    expect(badMessage.error.param).toBe('messages[0]');
    const badTools = await post(JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }], tools: 3 }));
    expect(badTools.error.param).toBe('tools');
    const many = await post(JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }], n: 3 }));
    expect(many.error.param).toBe('n');
    expect(server.requests).toHaveLength(0);
  });

  it('answers a body over the limit with a 413', async () => {
    const huge = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }] });
    const answer = await post(huge);
    expect(answer.status).toBe(413);
    expect(answer.error.message).toMatch(/over the model proxy's limit of 65536 bytes/);
    // The official client sees it as an error too (not a reset connection).
    const error = await ask(programClient(proxy, 'ep-bad', 'solo'), 'x'.repeat(200 * 1024)).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(413);
  });

  it('answers unknown paths with a 404, unsafe ids with a 400 and wrong methods with a 405', async () => {
    const unknown = await send('/v1/chat/completions', { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.error.code).toBe('unknown_url');
    expect(unknown.error.message).toMatch(/\/e\/EPISODE\/ROLE\/v1\/chat\/completions/);
    expect((await send('/e/ep/solo/v1/embeddings', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await send('/e/ep/solo/v1/constructor')).status).toBe(404);
    expect((await send('/e/ep/solo/v1/__proto__')).status).toBe(404);
    const unsafe = await send('/e/..%2F..%2Fetc/solo/v1/chat/completions', { method: 'POST', body: '{}' });
    expect(unsafe.status).toBe(400);
    expect(unsafe.error.message).toMatch(/episode id in the path/);
    const badRole = await send('/e/ep/.hidden/v1/models');
    expect(badRole.status).toBe(400);
    expect(badRole.error.message).toMatch(/role in the path/);
    const method = await send(chat);
    expect(method.status).toBe(405);
    expect(method.error.message).toMatch(/use POST/);
  });

  it('survives garbage HTTP and still serves', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(proxy.url).port), '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', () => resolve(got));
      socket.end('NOT HTTP AT ALL\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1.1 400/);
    const ok = await ask(programClient(proxy, 'ep-after', 'solo'), 'still there?');
    expect(ok.choices[0]?.message.content).toBe('ep-after/solo: still there?');
  });
});
