/**
 * Fault plans of the scripted model server: decided by the request's identity, never by arrival
 * order, and a retried request passes once its faulty attempts are spent.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  startScriptedModelServer,
  TEXT_ONLY_FAULT_TEXT,
  toolCallsReply,
  withFaults,
  type FaultPlan,
  type Responder,
} from '../../src/testing/model-server/index.js';

const KEY = 'sk-test-faults';
const ASK: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
  model: 'm',
  messages: [{ role: 'user', content: 'Do the task.' }],
};
const PLAN: FaultPlan = {
  rateLimit: { rate: 0.1, retryAfterSeconds: 1 },
  serverError: { rate: 0.05, attempts: 2 },
  drop: { rate: 0.05 },
  malformedArguments: 0.05,
  textOnly: 0.05,
  parallel: 0.05,
};

/** One tool call, or two when asked for parallel calls; arguments name the request. */
const twoWhenParallel: Responder = (request, { parallel }) =>
  toolCallsReply(
    Array.from({ length: parallel ? 2 : 1 }, (_, i) => ({
      name: 'write_file',
      arguments: { path: `${request.episode}/${request.call}/${i}`, text: 'x' },
    })),
  );

interface Outcome {
  /** What each attempt got: an HTTP status, 'drop', or the answer's shape. */
  readonly attempts: readonly string[];
  /** The faults the server recorded for each attempt ('-': none). */
  readonly faults?: readonly string[];
}

/** Sends the request (episode, call) until it is answered; returns what every attempt got. */
async function untilAnswered(client: OpenAI, episode: string, call: number): Promise<Outcome> {
  const attempts: string[] = [];
  for (let i = 0; i < 6; i++) {
    try {
      const a = await client.chat.completions.create(ASK, {
        headers: { 'x-faultline-episode': episode, 'x-faultline-call': String(call), 'x-faultline-step': '0' },
      });
      const m = a.choices[0]!.message;
      const calls = (m.tool_calls ?? []).map((c) => (c.type === 'function' ? c.function.arguments : '?'));
      attempts.push(`200 ${m.content ?? ''} ${JSON.stringify(calls)}`);
      return { attempts };
    } catch (e) {
      if (e instanceof OpenAI.APIConnectionError) attempts.push('drop');
      else if (e instanceof OpenAI.APIError) attempts.push(String(e.status));
      else throw e;
    }
  }
  return { attempts };
}

const IDS = Array.from({ length: 120 }, (_, i) => ({ episode: `env/x-v1#${i % 12}`, call: Math.floor(i / 12) + 1 }));

/** What each request's attempts got, and the faults the server says it injected, by request. */
async function runAll(concurrent: boolean): Promise<Map<string, Outcome>> {
  const server = await startScriptedModelServer({ respond: withFaults(twoWhenParallel, PLAN) });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
    const out = new Map<string, Outcome>();
    const one = async ({ episode, call }: (typeof IDS)[number]) =>
      out.set(`${episode}/${call}`, await untilAnswered(client, episode, call));
    if (concurrent) await Promise.all([...IDS].reverse().map(one));
    else for (const id of IDS) await one(id);
    const faults = new Map<string, string[]>();
    for (const r of server.requests) {
      const key = `${r.episode}/${r.call}`;
      faults.set(key, [...(faults.get(key) ?? []), (r.answer?.faults ?? []).join('+') || '-']);
    }
    return new Map(
      [...out].sort(([a], [b]) => a.localeCompare(b)).map(([key, o]) => [key, { ...o, faults: faults.get(key)! }]),
    );
  } finally {
    await server.close();
  }
}

describe('withFaults', () => {
  it('injects the same faults into the same requests, sequentially or all at once', async () => {
    const sequential = await runAll(false);
    const concurrent = await runAll(true);
    expect(concurrent).toEqual(sequential);

    const all = [...sequential.values()];
    // Every request is answered in the end.
    expect(all.every((o) => o.attempts.at(-1)!.startsWith('200'))).toBe(true);
    const first = all.map((o) => o.attempts[0]!);
    const count = (p: (a: string) => boolean) => first.filter(p).length;
    // Shares near the plan's (120 requests: 10% ≈ 12, 5% ≈ 6), and each fault present.
    expect(count((a) => a === '429')).toBeGreaterThanOrEqual(5);
    expect(count((a) => a === '429')).toBeLessThanOrEqual(22);
    for (const fault of ['500', 'drop']) {
      expect(count((a) => a === fault)).toBeGreaterThanOrEqual(1);
      expect(count((a) => a === fault)).toBeLessThanOrEqual(14);
    }
    // A 500 takes two attempts (attempts: 2), a 429 or a drop one.
    for (const o of all) {
      if (o.attempts[0] === '500')
        expect(o.attempts.slice(0, 3)).toEqual(['500', '500', expect.stringMatching(/^200/)]);
      if (o.attempts[0] === '429' || o.attempts[0] === 'drop') expect(o.attempts).toHaveLength(2);
    }
    const answers = all.map((o) => o.attempts.at(-1)!);
    const texts = answers.filter((a) => a.includes(TEXT_ONLY_FAULT_TEXT));
    const parallel = answers.filter((a) => (JSON.parse(a.slice(a.indexOf('['))) as string[]).length === 2);
    const malformed = answers.filter((a) =>
      (JSON.parse(a.slice(a.indexOf('['))) as string[]).some((args) => {
        try {
          JSON.parse(args);
          return false;
        } catch {
          return true;
        }
      }),
    );
    for (const group of [texts, parallel, malformed]) {
      expect(group.length).toBeGreaterThanOrEqual(1);
      expect(group.length).toBeLessThanOrEqual(14);
    }
    expect(texts.every((a) => a.endsWith('[]'))).toBe(true);

    // The server names each fault it injected, attempt by attempt.
    const named = all.flatMap((o) => o.attempts.map((a, i) => [a, o.faults![i]!] as const));
    const expected = (attempt: string): string => {
      if (attempt === '429') return 'rateLimit';
      if (attempt === '500') return 'serverError';
      if (attempt === 'drop') return 'drop';
      if (texts.includes(attempt)) return 'textOnly';
      if (malformed.includes(attempt)) return 'malformedArguments';
      if (parallel.includes(attempt)) return 'parallel';
      return '-';
    };
    expect(named.map(([, fault]) => fault)).toEqual(named.map(([attempt]) => expected(attempt)));
  });

  it('another salt draws other requests', async () => {
    const draw = async (salt: string) => {
      const server = await startScriptedModelServer({
        respond: withFaults(twoWhenParallel, { serverError: { rate: 0.3 }, salt }),
      });
      try {
        const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
        const firsts: string[] = [];
        for (const { episode, call } of IDS.slice(0, 40))
          firsts.push((await untilAnswered(client, episode, call)).attempts[0]!);
        return firsts;
      } finally {
        await server.close();
      }
    };
    const a = await draw('a');
    expect(await draw('a')).toEqual(a);
    expect(await draw('b')).not.toEqual(a);
  });

  it('the openai client’s own retries get through rate limits honouring retry-after-ms', async () => {
    const server = await startScriptedModelServer({
      respond: withFaults(twoWhenParallel, {
        rateLimit: { rate: 1, attempts: 2, headers: { 'retry-after-ms': '20' } },
      }),
    });
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 2 });
      const a = await client.chat.completions.create(ASK, {
        headers: { 'x-faultline-episode': 'e', 'x-faultline-call': '1' },
      });
      expect(a.choices[0]!.message.tool_calls).toHaveLength(1);
      expect(server.requests.map((r) => r.answer?.kind === 'error' && r.answer.status)).toEqual([429, 429, false]);
      expect(server.requests[0]!.answer).toMatchObject({ headers: { 'retry-after': '1', 'retry-after-ms': '20' } });
    } finally {
      await server.close();
    }
  });

  it('without faultline headers, the body is the identity', async () => {
    const server = await startScriptedModelServer({ respond: withFaults(twoWhenParallel, { drop: { rate: 1 } }) });
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
      await expect(client.chat.completions.create(ASK)).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
      // The same body again is a retry: it passes.
      await expect(client.chat.completions.create(ASK)).resolves.toMatchObject({ object: 'chat.completion' });
      // Another body is another request: dropped on its first attempt.
      await expect(
        client.chat.completions.create({ ...ASK, messages: [{ role: 'user', content: 'Another task.' }] }),
      ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    } finally {
      await server.close();
    }
  });

  it('slow delays the first attempt only', async () => {
    const server = await startScriptedModelServer({
      respond: withFaults(twoWhenParallel, { slow: { rate: 1, delayMs: 400 } }),
    });
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0, timeout: 150 });
      await expect(client.chat.completions.create(ASK)).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
      await expect(client.chat.completions.create(ASK)).resolves.toMatchObject({ object: 'chat.completion' });
      await expect.poll(() => server.requests.map((r) => r.answer?.kind)).toEqual(['aborted', 'completion']);
    } finally {
      await server.close();
    }
  });

  it('rejects a plan with a share out of range, overlapping shares or a bad attempt count', () => {
    const respond = twoWhenParallel;
    expect(() => withFaults(respond, { textOnly: 1.5 })).toThrow(/textOnly is 1.5, expected a share between 0 and 1/);
    expect(() => withFaults(respond, { rateLimit: { rate: 0.7 }, drop: { rate: 0.5 } })).toThrow(
      /rateLimit.rate \+ serverError.rate \+ drop.rate is 1.2/,
    );
    expect(() => withFaults(respond, { serverError: { rate: 0.1, attempts: 0 } })).toThrow(
      /serverError.attempts is 0, expected a whole number/,
    );
    expect(() => withFaults(respond, { slow: { rate: 0.1, delayMs: -1 } })).toThrow(/slow.delayMs is -1/);
  });
});
