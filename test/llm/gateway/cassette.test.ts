/**
 * Cassettes against a real server: record then replay with the server closed gives the same
 * answers; a replay miss is a clear non-fatal error; auto answers hits from the file and records
 * misses; a torn last line is ignored; a re-recorded episode starts over; and the fake key is in
 * no file written.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelGateway, type ModelGatewayOptions } from '../../../src/llm/gateway/gateway.js';
import type { CassetteMode, ChatAnswer, ChatCall, RequestLimiter } from '../../../src/llm/types.js';
import { isProviderError, type ProviderError } from '../../../src/team/provider-error.js';
import { completion, startChatServer, type ChatServer } from './chat-server.js';
import { FAKE_KEY, KEY_ENV, chatCall, request } from './fixtures.js';

const unlimited: RequestLimiter = { acquire: () => Promise.resolve({ release: () => undefined }) };
const never = () => new AbortController().signal;
let dir = '';
let server: ChatServer | null = null;

const gateway = (mode: CassetteMode, over: ModelGatewayOptions = {}) =>
  createModelGateway({
    cassette: { dir, mode },
    retryBaseMs: 1,
    maxRetryWaitMs: 20,
    limiter: () => unlimited,
    ...over,
  });

/** Three calls of one episode, the middle one after a 429 (so attempts are recorded). */
function calls(baseUrl: string, episodeId = 'ep-1'): ChatCall[] {
  return [1, 2, 3].map((ordinal) =>
    chatCall(baseUrl, {
      episodeId,
      ordinal,
      step: ordinal - 1,
      request: request('m', { messages: [{ role: 'user', content: `turn ${ordinal}` }] }),
    }),
  );
}

async function run(mode: CassetteMode, list: ChatCall[]): Promise<ChatAnswer[]> {
  const g = gateway(mode);
  const out: ChatAnswer[] = [];
  for (const call of list) out.push(await g.complete(call, never()));
  return out;
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    if (isProviderError(e)) return e;
    throw e;
  }
  throw new Error('expected a ProviderError');
}

const without = (a: ChatAnswer) => ({ ...a, source: undefined });

beforeAll(() => {
  process.env[KEY_ENV] = FAKE_KEY;
});
afterAll(() => {
  delete process.env[KEY_ENV];
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cassette-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('cassettes', () => {
  it('replays a recorded episode with the server closed: the same answers, latency and attempts', async () => {
    server = await startChatServer([
      { reply: completion({ content: 'one' }, { prompt_tokens: 11, completion_tokens: 1 }) },
      { status: 429, headers: { 'retry-after-ms': '5' } },
      {
        reply: completion({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'read', arguments: '{}' } }] }),
      },
      { reply: completion({ content: 'three', reasoning_content: 'why' }) },
    ]);
    const list = calls(server.baseUrl);
    const recorded = await run('record', list);
    expect(recorded.map((a) => a.source)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(recorded[1]?.attempts.map((a) => a.status)).toEqual([429]);
    await server.close();
    server = null;

    const replayed = await run('replay', list);
    expect(replayed.map((a) => a.source)).toEqual(['replayed', 'replayed', 'replayed']);
    expect(replayed.map(without)).toEqual(recorded.map(without));
    expect(JSON.stringify(replayed.map(without))).toBe(JSON.stringify(recorded.map(without)));
  });

  it('a replay miss names the episode, the call, the key and how to record it, and calls nothing', async () => {
    server = await startChatServer();
    const list = calls(server.baseUrl);
    await run('record', list.slice(0, 1));
    const changed = {
      ...list[1],
      request: request('m', { messages: [{ role: 'user', content: 'other' }] }),
    } as ChatCall;
    const before = server.received.length;
    const e = await failure(gateway('replay').complete(changed, never()));
    expect(e.fatal).toBe(false);
    expect(e.message).toContain('episode ep-1, model call #2');
    expect(e.message).toMatch(/request key [0-9a-f]{32}/);
    expect(e.message).toContain(dir);
    expect(e.message).toContain('record it with --llm-cache-mode record or auto');
    expect(server.received.length).toBe(before);
    const none = await failure(gateway('replay').complete({ ...changed, episodeId: 'ep-unknown' }, never()));
    expect(none.message).toContain('no answers recorded for this episode');
  });

  it('auto answers hits from the file and records misses', async () => {
    server = await startChatServer();
    const list = calls(server.baseUrl);
    await run('record', list.slice(0, 2));
    const requests = server.received.length;
    const answers = await run('auto', list);
    expect(answers.map((a) => a.source)).toEqual(['replayed', 'replayed', 'recorded']);
    expect(server.received.length).toBe(requests + 1);
    const again = await run('auto', list);
    expect(again.map((a) => a.source)).toEqual(['replayed', 'replayed', 'replayed']);
    expect(readFileSync(join(dir, 'ep-1.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it("reads an episode's file afresh at its first call: a file put in place since is what it plays", async () => {
    server = await startChatServer();
    const list = calls(server.baseUrl);
    await run('record', list);
    const recorded = readFileSync(join(dir, 'ep-1.jsonl'));
    // One gateway (one thread) plays the episode twice; between the runs its file is removed.
    const g = gateway('auto');
    for (const call of list) await g.complete(call, never());
    rmSync(join(dir, 'ep-1.jsonl'));
    const requests = server.received.length;
    const again: ChatAnswer[] = [];
    for (const call of list) again.push(await g.complete(call, never()));
    expect(again.map((a) => a.source)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(server.received.length).toBeGreaterThan(requests);
    // The same calls and answers; the answers' wall-clock latency is recorded too, and differs.
    const calledAndAnswered = (text: Buffer) =>
      text
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const entry = JSON.parse(line) as { key: string; ordinal: number; answer: { message: unknown } };
          return [entry.key, entry.ordinal, entry.answer.message];
        });
    expect(calledAndAnswered(readFileSync(join(dir, 'ep-1.jsonl')))).toEqual(calledAndAnswered(recorded));
  });

  it('ignores a torn last line, and cuts it before appending', async () => {
    server = await startChatServer();
    const list = calls(server.baseUrl);
    await run('record', list.slice(0, 1));
    appendFileSync(join(dir, 'ep-1.jsonl'), '{"key":"abc","ordin');
    expect((await run('replay', list.slice(0, 1)))[0]?.source).toBe('replayed');
    await run('auto', list.slice(0, 2));
    const lines = readFileSync(join(dir, 'ep-1.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((l) => (JSON.parse(l) as { ordinal: number }).ordinal)).toEqual([1, 2]);
  });

  it('a damaged line in the middle is an error naming the file and the line', async () => {
    writeFileSync(join(dir, 'ep-1.jsonl'), 'garbage\n{"key":"x"}\n');
    await expect(gateway('replay').complete(chatCall('http://127.0.0.1:9/v1'), never())).rejects.toThrow(
      /ep-1\.jsonl, line 1: not a recorded model call/,
    );
  });

  it('a line of the wrong shape is refused, not served', async () => {
    server = await startChatServer();
    await run('record', calls(server.baseUrl).slice(0, 1));
    const file = join(dir, 'ep-1.jsonl');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { answer: { usage: Record<string, unknown> } };
    entry.answer.usage['promptTokens'] = 'many';
    writeFileSync(file, `${JSON.stringify(entry)}\n`);
    await expect(run('replay', calls(server.baseUrl).slice(0, 1))).rejects.toThrow(/line 1: not a recorded model call/);
  });

  it('a cassette directory that cannot be made is an error naming it, not a hang', async () => {
    server = await startChatServer();
    writeFileSync(join(dir, 'a-file'), '');
    const underFile = createModelGateway({
      cassette: { dir: join(dir, 'a-file', 'cassette'), mode: 'record' },
      limiter: () => unlimited,
    });
    await expect(underFile.complete(calls(server.baseUrl)[0] as ChatCall, never())).rejects.toThrow(
      /cassette\.dir: got ".*a-file\/cassette", expected a directory, but .*a-file is a file/,
    );
    const underProc = createModelGateway({
      cassette: { dir: '/proc/faultline-nope/cassette', mode: 'auto' },
      limiter: () => unlimited,
    });
    await expect(underProc.complete(calls(server.baseUrl)[0] as ChatCall, never())).rejects.toThrow(
      /cassette\.dir: .*making \/proc\/faultline-nope failed/,
    );
  });

  it('a cassette mode or directory of another shape is an error naming the field', () => {
    const bad = (cassette: unknown) => () =>
      createModelGateway({ cassette: cassette as ModelGatewayOptions['cassette'], limiter: () => unlimited });
    expect(bad({ dir, mode: 'sideways' })).toThrow(/cassette\.mode.*sideways.*one of record, replay, auto, off/);
    expect(bad({ dir: 7, mode: 'record' })).toThrow(/cassette\.dir.*7.*a directory path/);
    expect(bad({ dir: '', mode: 'auto' })).toThrow(/cassette\.dir/);
  });

  it('mode off writes nothing', async () => {
    server = await startChatServer();
    const answers = await run('off', calls(server.baseUrl));
    expect(answers.map((a) => a.source)).toEqual(['live', 'live', 'live']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('record starts an episode over at its first call', async () => {
    server = await startChatServer();
    const list = calls(server.baseUrl);
    await run('record', list);
    await run('record', list.slice(0, 1));
    expect(readFileSync(join(dir, 'ep-1.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('writes the fake key into no file, even when the server echoes it', async () => {
    server = await startChatServer([], {
      reply: completion({ content: `echo Bearer ${FAKE_KEY}` }),
    });
    await run('record', calls(server.baseUrl, 'ep-a'));
    await run('auto', calls(server.baseUrl, 'ep-b'));
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['ep-a.jsonl', 'ep-b.jsonl']);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain(FAKE_KEY);
      expect(text).toContain('echo Bearer [redacted]');
      expect(text).not.toContain(KEY_ENV);
      expect(text.toLowerCase()).not.toContain('authorization');
      expect(text).not.toContain(server.baseUrl);
    }
  });

  it('refuses an episode id that would leave the directory', async () => {
    await expect(
      gateway('replay').complete(chatCall('http://127.0.0.1:9/v1', { episodeId: '../escape' }), never()),
    ).rejects.toThrow(/not a file inside/);
  });
});
