/**
 * The A2A client of remote roles against a real scripted A2A agent (express and the A2A SDK's
 * server on 127.0.0.1): the card, the message as the agent received it, replies as a Message
 * and as a Task, and each way a turn fails (timeout, unreachable, a failed task).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '@a2a-js/sdk';
import { FaultlineError } from '../../src/core/errors.js';
import { a2aClient, type A2aRemoteClient } from '../../src/serve/remote/a2a-client.js';
import { a2aContextId } from '../../src/serve/remote/a2a-message.js';
import { RemoteAgentError, type RemoteTurn } from '../../src/serve/remote/remote-agent.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/serve/mcp/http-server.js';
import { refusedPort } from '../support/refused-port.js';
import {
  GARBAGE_TEXT,
  startScriptedA2aAgent,
  type ScriptedA2aAgent,
  type ScriptedA2aAgentOptions,
} from '../support/a2a-agent.js';
import { closeOracleSessions, oracleTurns } from '../support/oracle-script.js';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';

const ENV = 'filesystem/rename-symbol-v1';
const agents: ScriptedA2aAgent[] = [];
const clients: A2aRemoteClient[] = [];
let mcp: McpHttpServer;

async function agent(options: ScriptedA2aAgentOptions): Promise<ScriptedA2aAgent> {
  const a = await startScriptedA2aAgent(options);
  agents.push(a);
  return a;
}

function client(cardUrl: string, options: Parameters<typeof a2aClient>[1] = {}): A2aRemoteClient {
  const c = a2aClient(cardUrl, options);
  clients.push(c);
  return c;
}

function turnOf(overrides: Partial<RemoteTurn> = {}): RemoteTurn {
  return {
    episodeId: 'ep-1',
    role: 'executor',
    turn: 0,
    text: 'You are the executor. Rename the symbol.',
    data: { briefing: { role: 'executor' }, observation: { inbox: [] } },
    mcp: { url: 'http://127.0.0.1:1/mcp/ep-1/executor' },
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<RemoteAgentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteAgentError);
  return error as RemoteAgentError;
}

beforeAll(async () => {
  loadBuiltins();
  mcp = await startMcpHttpServer({ port: 0 });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(agents.map((a) => a.stop()));
  await closeOracleSessions();
  await mcp.close();
});

describe('the A2A client', () => {
  it('reads the Agent Card; the endpoint is the card URL without its query', async () => {
    const a = await agent({ mode: 'garbage' });
    const c = client(`${a.cardUrl}?token=secret`);
    expect(c.protocol).toBe('a2a');
    expect(c.endpoint).toBe(a.cardUrl);
    const card = await c.card();
    expect(card.name).toBe('faultline scripted agent (garbage)');
    expect(card.supportedInterfaces.map((i) => i.url)).toEqual([`${a.url}/a2a/jsonrpc`]);
    // A base URL means the well-known card path.
    expect(client(`${a.url}/`).endpoint).toBe(a.cardUrl);
  });

  it('sends text, data and metadata in one context per (episode, role), as the agent receives them', async () => {
    const a = await agent({ mode: 'garbage' });
    const c = client(a.cardUrl);
    const first = turnOf();
    const reply = await c.send(first);
    expect(reply).toEqual({ text: GARBAGE_TEXT, data: [] });
    await c.send(turnOf({ turn: 1, text: 'Your inbox: 1 message.' }));
    await c.send(turnOf({ role: 'reviewer', mcp: { url: 'http://127.0.0.1:1/mcp/ep-1/reviewer' } }));
    expect(a.received).toHaveLength(3);
    const [m0, m1, m2] = a.received;
    expect(m0).toMatchObject({
      contextId: a2aContextId('ep-1', 'executor'),
      taskId: '',
      role: Role.ROLE_USER,
      texts: [first.text],
      data: [first.data],
      metadata: { faultline: { episode: 'ep-1', role: 'executor', turn: 0, mcp: { url: first.mcp.url } } },
    });
    expect(m1?.contextId).toBe(m0?.contextId);
    expect(m1?.texts).toEqual(['Your inbox: 1 message.']);
    expect(m1?.metadata).toEqual({
      faultline: { episode: 'ep-1', role: 'executor', turn: 1, mcp: { url: first.mcp.url } },
    });
    expect(m2?.contextId).toBe(a2aContextId('ep-1', 'reviewer'));
    expect(m2?.contextId).not.toBe(m0?.contextId);
    expect(new Set(a.received.map((m) => m.messageId)).size).toBe(3);
    // Deterministic: the same (episode, role) always names the same context.
    expect(a2aContextId('ep-1', 'executor')).toBe(m0?.contextId);
    expect(a2aContextId('ep-2', 'executor')).not.toBe(m0?.contextId);
  });

  it('reads a Task reply (status message, then artifacts); input-required continues the task next turn', async () => {
    const done = await agent({ mode: 'garbage', reply: 'task' });
    expect(await client(done.cardUrl).send(turnOf())).toEqual({ text: `turn over\n${GARBAGE_TEXT}`, data: [] });

    const waiting = await agent({ mode: 'garbage', reply: 'input-required' });
    const c = client(waiting.cardUrl);
    expect((await c.send(turnOf())).text).toBe(`turn over\n${GARBAGE_TEXT}`);
    expect((await c.send(turnOf({ turn: 1 }))).text).toBe(`turn over\n${GARBAGE_TEXT}`);
    const [m0, m1] = waiting.received;
    expect(m0?.taskId).toBe('');
    expect(m1?.taskId).not.toBe('');
    expect(m1?.contextId).toBe(m0?.contextId);
  });

  it('a task the agent returns while still working is read again until it is completed', async () => {
    const a = await agent({ mode: 'garbage', reply: 'task', workingMs: 150 });
    let sends = 0;
    let reads = 0;
    // The agent answers at once when asked not to block: the client then polls the task.
    const nonBlocking: typeof fetch = (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
      if (body?.method === 'SendMessage') {
        sends++;
        const params = body.params as { configuration: Record<string, unknown> };
        params.configuration.returnImmediately = true;
        return fetch(input, { ...init, body: JSON.stringify(body) });
      }
      if (body?.method === 'GetTask') reads++;
      return fetch(input, init);
    };
    const reply = await client(a.cardUrl, { fetch: nonBlocking, pollMs: 20 }).send(turnOf());
    expect(reply).toEqual({ text: `turn over\n${GARBAGE_TEXT}`, data: [] });
    expect(sends).toBe(1);
    expect(reads).toBeGreaterThan(0);
  });

  it('an agent that speaks A2A 0.3 gets message/send with the same message', async () => {
    const a = await agent({ mode: 'json', script: { env: ENV, seed: 0 }, legacy: true });
    const methods: string[] = [];
    const watching: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string') methods.push((JSON.parse(init.body) as { method: string }).method);
      return fetch(input, init);
    };
    const reply = await client(a.cardUrl, { fetch: watching }).send(turnOf({ role: 'planner' }));
    const expected = (await oracleTurns({ env: ENV, seed: 0, role: 'planner' })).flat();
    expect(methods).toEqual(['message/send']);
    expect(reply.data).toEqual([{ action: expected[0] }]);
    expect(a.received[0]).toMatchObject({
      contextId: a2aContextId('ep-1', 'planner'),
      texts: [turnOf().text],
      metadata: { faultline: { episode: 'ep-1', role: 'planner', turn: 0 } },
    });
  });

  it('json mode: the reply carries the next oracle action as data', async () => {
    const a = await agent({ mode: 'json', script: { env: ENV, seed: 0 } });
    const role = 'planner';
    const expected = (await oracleTurns({ env: ENV, seed: 0, role })).flat();
    const c = client(a.cardUrl);
    const r0 = await c.send(turnOf({ role }));
    const r1 = await c.send(turnOf({ role, turn: 1 }));
    expect(r0).toEqual({ text: '', data: [{ action: expected[0] }] });
    expect(r1.data).toEqual([{ action: expected[1] }]);
  });

  it('a hanging agent fails the turn as timeout within the timeout', async () => {
    const a = await agent({ mode: 'hang' });
    const c = client(a.cardUrl, { timeoutMs: 300 });
    await c.card();
    const started = performance.now();
    const error = await failureOf(c.send(turnOf()));
    const elapsed = performance.now() - started;
    expect(error.failure).toBe('timeout');
    expect(error.message).toContain(a.cardUrl);
    expect(error.message).toContain('role "executor"');
    expect(error.message).toContain('within 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(a.received).toHaveLength(1);
  });

  it('an aborted turn fails as timeout at once', async () => {
    const a = await agent({ mode: 'hang' });
    const c = client(a.cardUrl, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = c.send(turnOf({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(pending);
    expect(error.failure).toBe('timeout');
    expect(error.message).toContain('cancelled');
  });

  it('a closed port fails as unreachable after the retries', async () => {
    const port = await refusedPort();
    const cardUrl = `http://127.0.0.1:${port}/.well-known/agent-card.json`;
    const c = client(cardUrl, { retry: { maxRetries: 2, baseMs: 5, maxWaitMs: 20 } });
    const error = await failureOf(c.send(turnOf()));
    expect(error.failure).toBe('unreachable');
    expect(error.endpoint).toBe(cardUrl);
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('role "executor"');
    expect(error.message).toContain('Fix: start the agent');
  });

  it('a 503 is retried (same message id) and the turn then goes through', async () => {
    const a = await agent({ mode: 'garbage' });
    let refused = 0;
    const sent: string[] = [];
    const flaky: typeof fetch = async (input, init) => {
      if (init?.method === 'POST') {
        const body = JSON.parse(init.body as string) as { params: { message: { messageId: string } } };
        sent.push(body.params.message.messageId);
        if (refused < 2) {
          refused++;
          return new Response('overloaded', { status: 503 });
        }
      }
      return fetch(input, init);
    };
    const c = client(a.cardUrl, { fetch: flaky, retry: { maxRetries: 3, baseMs: 5, maxWaitMs: 20 } });
    expect((await c.send(turnOf())).text).toBe(GARBAGE_TEXT);
    expect(refused).toBe(2);
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(1);
    expect(a.received.map((m) => m.messageId)).toEqual([sent[0]]);
  });

  it('a failed task fails the turn as protocol', async () => {
    const a = await agent({ mode: 'fail' });
    const error = await failureOf(client(a.cardUrl).send(turnOf()));
    expect(error.failure).toBe('protocol');
    expect(error.message).toMatch(
      /the turn was answered with task \S+ in state failed: scripted failure\. Fix: see the agent's own logs/,
    );
    expect(a.received).toHaveLength(1);
  });

  it('a card URL the agent does not serve fails as protocol, naming the card path to use', async () => {
    const a = await agent({ mode: 'garbage' });
    const error = await failureOf(client(`${a.url}/no-card.json`).send(turnOf()));
    expect(error.failure).toBe('protocol');
    expect(error.message).toContain(`${a.url}/no-card.json for role "executor"`);
    expect(error.message).toContain('404');
    expect(error.message).toContain('/.well-known/agent-card.json');
    expect(a.received).toHaveLength(0);
  });

  it('a card URL that is not http(s) is refused at once; a missing SDK says how to install it', async () => {
    expect(() => a2aClient('ftp://example.com/card.json')).toThrow(/an http\(s\) URL of an Agent Card/);
    const missing = Object.assign(new Error("Cannot find package '@a2a-js/sdk' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const c = a2aClient('http://127.0.0.1:1/', { importer: () => Promise.reject(missing) });
    const error = await c.send(turnOf()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as Error).message).toContain('npm install @a2a-js/sdk');
  });

  it('oracle mode: the agent plays each role’s turns through its MCP endpoint; same digest as in-process', async () => {
    const team = findTeam('oracle');
    if (!team) throw new Error('no oracle team');
    const oracle = await runEpisode({ env: ENV, team, seed: 0 });
    const a = await agent({ mode: 'oracle', script: { env: ENV, seed: 0 } });
    const c = client(a.cardUrl);
    const episode = mcp.openEpisode({ env: ENV, seed: 0 });
    await Promise.all(
      episode.host.roles.map(async (role) => {
        const turns = await oracleTurns({ env: ENV, seed: 0, role });
        const url = episode.urls.roles[role] ?? '';
        for (let turn = 0; turn < turns.length; turn++) {
          const reply = await c.send(turnOf({ episodeId: episode.id, role, turn, mcp: { url } }));
          expect(reply.text).toBe('done');
        }
      }),
    );
    const result = await episode.host.result;
    expect(a.problems).toEqual([]);
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
  });
});
