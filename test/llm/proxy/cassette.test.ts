/**
 * Cassettes through the proxy: record mode writes one file per episode (and never the key);
 * replay mode, with the upstream stopped, answers the same requests with the same bytes, and a
 * request it has no answer for gets a 502 the program's client shows, without retrying.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import { sized } from '../../support/sizes.js';
import { DUMMY_KEY, MODEL, SECRET, programClient, proxyFor, upstream, withKey } from './harness.js';

let dir: string;
let unset: () => void;

beforeAll(() => {
  unset = withKey();
  dir = mkdtempSync(join(tmpdir(), 'faultline-proxy-cassette-'));
});
afterAll(() => {
  // Whatever the tests wrote under the cache directory, neither the proxy's key nor the program's is in it.
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  expect(files.length).toBeGreaterThan(sized(8, 64));
  for (const f of files) {
    const text = readFileSync(join(f.parentPath, f.name), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(DUMMY_KEY);
  }
  rmSync(dir, { recursive: true, force: true });
  unset();
});

/** A program's conversation: each answer goes into the next request. */
async function converse(proxyUrl: Parameters<typeof programClient>[0], episode: string, stream: boolean) {
  const client = programClient(proxyUrl, episode, 'solo');
  const messages: { role: 'user' | 'assistant'; content: string }[] = [];
  const answers: string[] = [];
  for (const text of ['one', 'two']) {
    messages.push({ role: 'user', content: text });
    const raw = await client.chat.completions
      .create({ model: MODEL, messages: [...messages], stream: false })
      .asResponse();
    const body = await raw.text();
    answers.push(body);
    const content = (JSON.parse(body) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
    messages.push({ role: 'assistant', content });
  }
  if (stream) {
    const s = await client.chat.completions.create({ model: MODEL, messages, stream: true });
    let text = '';
    for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
    answers.push(text);
  }
  return answers;
}

describe('model proxy cassettes', () => {
  it('records, then replays the same answers with the upstream stopped', async () => {
    const server = await upstream();
    const recording = await proxyFor(server, { cache: { dir, mode: 'record' } });
    const recorded = await converse(recording, 'ep-cas', true);
    const recordedCalls = recording.endEpisode('ep-cas');
    await recording.close();
    await server.close();
    expect(readdirSync(dir)).toEqual(['ep-cas.jsonl']);
    expect(readFileSync(join(dir, 'ep-cas.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);

    // Nothing listens at the old upstream any more: every answer must come from the cassette.
    const replaying = await proxyFor(server, { cache: { dir, mode: 'replay' } });
    try {
      const replayed = await converse(replaying, 'ep-cas', true);
      expect(replayed).toEqual(recorded);
      const replayedCalls = replaying.endEpisode('ep-cas');
      expect(replayedCalls.map((c) => [c.key, c.ordinal, c.message, c.usage])).toEqual(
        recordedCalls.map((c) => [c.key, c.ordinal, c.message, c.usage]),
      );
      expect(recorded.join('\n')).not.toContain(SECRET);

      // A request never recorded: a clear 502, not retried by the client.
      const client = programClient(replaying, 'ep-cas', 'solo', 2);
      const error = await client.chat.completions
        .create({ model: MODEL, messages: [{ role: 'user', content: 'never asked' }] })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(APIError);
      const api = error as APIError;
      expect(api.status).toBe(502);
      expect(api.message).toMatch(/No recorded answer for episode ep-cas, model call #1/);
      expect((api.error as { code?: string }).code).toBe('no_recorded_answer');
      expect(api.headers?.get('x-should-retry')).toBe('false');
    } finally {
      await replaying.close();
    }
  });

  it('records many concurrent episodes and roles each in its own cassette, replayed the same', async () => {
    const episodes = Array.from({ length: sized(8, 64) }, (_, i) => `ep-many-${i}`);
    const roles = ['planner', 'executor'];
    const many = join(dir, 'many');
    const run = async (proxy: ModelProxy) => {
      const answers: string[] = [];
      for (let round = 0; round < 2; round++) {
        // Episodes run at once; within one, the roles take turns (as a team's roles hold control
        // one at a time), so each call's ordinal, and key, is the same as when recorded.
        const batch = episodes.map(async (e) => {
          const texts: string[] = [];
          for (const r of roles) {
            const reply = await programClient(proxy, e, r).chat.completions.create({
              model: MODEL,
              messages: [{ role: 'user', content: `${r} round ${round}` }],
            });
            texts.push(reply.choices[0]?.message.content ?? '');
          }
          return texts;
        });
        answers.push(...(await Promise.all(batch)).flat());
      }
      const turns = episodes.map((e) => roles.map((r) => proxy.takeTurn(e, r)?.calls.length));
      for (const e of episodes) proxy.endEpisode(e);
      return { answers, turns };
    };
    const server = await upstream();
    const recording = await proxyFor(server, { cache: { dir: many, mode: 'record' } });
    const recorded = await run(recording);
    await recording.close();
    await server.close();
    expect(recorded.turns.flat().every((n) => n === 2)).toBe(true);
    expect(recorded.answers).toContain('ep-many-3/executor: executor round 1');
    expect(readdirSync(many).sort()).toEqual(episodes.map((e) => `${e}.jsonl`).sort());
    for (const e of episodes)
      expect(
        readFileSync(join(many, `${e}.jsonl`), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(4);
    const replaying = await proxyFor(server, { cache: { dir: many, mode: 'replay' } });
    try {
      expect((await run(replaying)).answers).toEqual(recorded.answers);
    } finally {
      await replaying.close();
    }
  });
});
