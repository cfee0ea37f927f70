/**
 * Upstream failures through the proxy: 429s and 500s are retried by the gateway and noted as
 * attempts on the call's record; an upstream that keeps failing is a 502 naming the failures,
 * not retried by the program's client, and never carrying the key, even when the upstream echoes it.
 */
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import { errorReply, withFaults, type ScriptedModelServer } from '../../../src/testing/model-server/index.js';
import { SECRET, ask, echo, programClient, proxyPerFile } from './harness.js';

let server: ScriptedModelServer;
let proxy: ModelProxy;
proxyPerFile((started) => ({ server, proxy } = started));

async function failure(p: Promise<unknown>): Promise<APIError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(e instanceof APIError)) throw new Error(`expected an APIError, got ${String(e)}`);
  return e;
}

describe('model proxy retries', () => {
  it('retries 429 and 500 upstream and notes the attempts on the record', async () => {
    server.setResponder(withFaults(echo, { rateLimit: { rate: 1, attempts: 2, retryAfterSeconds: 0 } }));
    const limited = await ask(programClient(proxy, 'ep-429', 'solo'), 'hi');
    expect(limited.choices[0]?.message.content).toBe('ep-429/solo: hi');
    const [call429] = proxy.endEpisode('ep-429');
    expect(call429?.attempts.map((a) => a.status)).toEqual([429, 429]);

    server.setResponder(withFaults(echo, { serverError: { rate: 1, attempts: 1 } }));
    await ask(programClient(proxy, 'ep-500', 'solo'), 'hi');
    const [call500] = proxy.endEpisode('ep-500');
    expect(call500?.attempts.map((a) => a.status)).toEqual([500]);
    expect(call500?.ordinal).toBe(1);
  });

  it('answers 502 when the upstream fails after the retries, without the key it echoed', async () => {
    const before = server.requests.length;
    server.setResponder(() => errorReply(500, `upstream broke; your key ${SECRET} is fine`));
    const client = programClient(proxy, 'ep-down', 'solo', 2);
    const error = await failure(ask(client, 'hi'));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/could not answer after 4 attempts/);
    expect(error.message).not.toContain(SECRET);
    expect(JSON.stringify(error.error)).not.toContain(SECRET);
    // The gateway's 1 + 3 attempts only: x-should-retry keeps the program's client from retrying again.
    expect(server.requests.length - before).toBe(4);
    expect(proxy.takeTurn('ep-down', 'solo')).toBeUndefined();

    // The failed call gave its ordinal back: the next one is call #1 of the episode.
    server.setResponder(echo);
    await ask(client, 'again');
    expect(proxy.endEpisode('ep-down').map((c) => c.ordinal)).toEqual([1]);
  });

  it("passes an upstream refusal of the program's request on with its status", async () => {
    server.setResponder(() =>
      errorReply(400, "Invalid schema for function 'x'", { code: 'invalid_function_parameters' }),
    );
    const error = await failure(ask(programClient(proxy, 'ep-400', 'solo'), 'hi'));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Invalid schema for function 'x'/);
    const unknown = await failure(ask(programClient(proxy, 'ep-404', 'solo'), 'hi', { model: 'no-such-model' }));
    expect(unknown.status).toBe(404);
    expect(unknown.message).toMatch(/no-such-model/);
    server.setResponder(echo);
  });
});
