/**
 * A program that goes away mid-call, an episode ended while its call is in flight, and a proxy
 * closed with calls in flight: the upstream call is cancelled, nothing is recorded against the
 * wrong episode, and the ordinal of the call that got no answer is given back.
 */
import { describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import { textReply, type ScriptedModelServer } from '../../../src/testing/model-server/index.js';
import { ask, echo, programClient, proxyFor, proxyPerFile } from './harness.js';

let server: ScriptedModelServer;
let proxy: ModelProxy;
proxyPerFile((started) => ({ server, proxy } = started));

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
};

describe('model proxy, calls that end early', () => {
  it('cancels the upstream call of a program that went away and gives its ordinal back', async () => {
    server.setResponder(() => textReply('late', { delayMs: 5_000 }));
    const client = programClient(proxy, 'ep-gone', 'solo');
    const controller = new AbortController();
    const before = server.requests.length;
    const pending = ask(client, 'slow', {}).catch((e: unknown) => e);
    void pending;
    await until(() => server.requests.length > before);
    const call = client.chat.completions
      .create({ model: 'scripted-model', messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await until(() => server.requests.length > before + 1);
    controller.abort();
    await call;
    await until(() => server.requests.at(-1)?.answer?.kind === 'aborted');
    server.setResponder(echo);
    // The first call (#1) is still waiting; the aborted one was #2 and gave it back.
    await ask(client, 'next');
    expect(proxy.takeTurn('ep-gone', 'solo')?.calls.map((c) => c.ordinal)).toEqual([2]);
    proxy.endEpisode('ep-gone');
  });

  it('drops the answer of a call whose episode was ended meanwhile', async () => {
    server.setResponder(() => textReply('old', { delayMs: 100 }));
    const before = server.requests.length;
    const old = ask(programClient(proxy, 'ep-reused', 'solo'), 'first life');
    await until(() => server.requests.length > before);
    expect(proxy.endEpisode('ep-reused')).toEqual([]);
    await old;
    server.setResponder(echo);
    await ask(programClient(proxy, 'ep-reused', 'solo'), 'second life');
    const calls = proxy.endEpisode('ep-reused');
    expect(calls.map((c) => [c.ordinal, c.message.content])).toEqual([[1, 'ep-reused/solo: second life']]);
  });

  it('closes with a call in flight', async () => {
    const own = await proxyFor(server);
    server.setResponder(() => textReply('never', { delayMs: 5_000 }));
    const before = server.requests.length;
    const call = ask(programClient(own, 'ep-closing', 'solo'), 'x').then(
      () => 'answered',
      () => 'failed',
    );
    await until(() => server.requests.length > before);
    const started = performance.now();
    await own.close();
    expect(await call).toBe('failed');
    expect(performance.now() - started).toBeLessThan(1_000);
    server.setResponder(echo);
  });
});
