/**
 * The Agent Protocol client against a real scripted agent over HTTP: one task per (episode,
 * role) and one step per turn, the MCP URL and the turn's data in `additional_input`, replies
 * from `output` / `additional_output`, steps polled until completed, and each failure kind —
 * a hanging agent (`timeout`), a closed port and an agent answering 500 (`unreachable` after
 * retries), answers that break the spec (`protocol`). In `oracle` mode the agent plays the
 * executor's turns of an episode hosted by the MCP HTTP server: the in-process digest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort } from '../support/refused-port.js';
import { loadBuiltins } from '../../src/builtins.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/serve/mcp/http-server.js';
import { agentProtocolClient } from '../../src/serve/remote/agent-protocol-client.js';
import { RemoteAgentError, type RemoteAgentClient, type RemoteTurn } from '../../src/serve/remote/remote-agent.js';
import { startScriptedAgent, type ScriptedAgent, type ScriptedAgentOptions } from '../support/agent-protocol-agent.js';
import { closeOracleSessions, oracleTurns, playTurnOverMcp } from '../support/oracle-script.js';

const ENV = 'filesystem/rename-symbol-v1';
const MCP = 'http://127.0.0.1:9/mcp/ep/executor';
const agents: ScriptedAgent[] = [];
const clients: RemoteAgentClient[] = [];
let mcpServer: McpHttpServer;
let oracle: EpisodeResult;

beforeAll(async () => {
  loadBuiltins();
  const team = findTeam('oracle');
  if (!team) throw new Error('the oracle team is not registered');
  oracle = await runEpisode({ env: ENV, team, seed: 0 });
  expect(oracle.outcome).toBe('success');
  mcpServer = await startMcpHttpServer({ port: 0 });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await closeOracleSessions();
  await Promise.all(agents.map((a) => a.close()));
  await mcpServer.close();
});

async function agent(options: ScriptedAgentOptions): Promise<ScriptedAgent> {
  const started = await startScriptedAgent(options);
  agents.push(started);
  return started;
}

function client(...args: Parameters<typeof agentProtocolClient>): RemoteAgentClient {
  const c = agentProtocolClient(...args);
  clients.push(c);
  return c;
}

function turnOf(episodeId: string, role: string, turn: number, extra: Partial<RemoteTurn> = {}): RemoteTurn {
  return {
    episodeId,
    role,
    turn,
    text: `${role} turn ${turn}`,
    data: { observation: { turn } },
    mcp: { url: MCP },
    signal: new AbortController().signal,
    ...extra,
  };
}

/** The rejection of `promise`, which must be a RemoteAgentError. */
async function failureOf(promise: Promise<unknown>): Promise<RemoteAgentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteAgentError);
  return error as RemoteAgentError;
}

/** A port nothing listens on (just released by a server of ours). */

const FAST_RETRY = { maxRetries: 2, baseMs: 1, maxWaitMs: 5 };

describe('the Agent Protocol client', () => {
  it('creates one task per (episode, role), executes one step per turn, and sends the MCP URL and data', async () => {
    const actions = [{ type: 'read_file', path: 'a.ts' }, { type: 'handoff', to: 'reviewer' }, { type: 'finish' }];
    const ap = await agent({ mode: 'json', actions });
    const c = client(`${ap.url}/`);
    expect(c.protocol).toBe('agent-protocol');
    expect(c.endpoint).toBe(ap.url);

    const replies = [];
    for (let turn = 0; turn < 3; turn++) replies.push(await c.send(turnOf('ep-1', 'executor', turn)));
    await c.send(turnOf('ep-1', 'planner', 0));
    await c.send(turnOf('ep-2', 'executor', 0));

    expect(replies).toEqual(actions.map((action) => ({ text: JSON.stringify(action), data: [{ action }] })));
    expect([...ap.tasks.keys()]).toEqual(['task-1', 'task-2', 'task-3']);
    expect([...ap.tasks.values()].map((t) => t.steps.length)).toEqual([3, 1, 1]);
    expect(ap.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /ap/v1/agent/tasks',
      'POST /ap/v1/agent/tasks/task-1/steps',
      'POST /ap/v1/agent/tasks/task-1/steps',
      'POST /ap/v1/agent/tasks/task-1/steps',
      'POST /ap/v1/agent/tasks',
      'POST /ap/v1/agent/tasks/task-2/steps',
      'POST /ap/v1/agent/tasks',
      'POST /ap/v1/agent/tasks/task-3/steps',
    ]);
    const additional = (turn: number, episode = 'ep-1', role = 'executor') => ({
      faultline: { episode, role, turn, mcp: { url: MCP } },
      data: { observation: { turn } },
    });
    expect(ap.seen[0]?.body).toEqual({ input: 'executor turn 0', additional_input: additional(0) });
    // The task carries turn 0's text; its first step adds nothing to it.
    expect(ap.seen[1]?.body).toEqual({ input: null, additional_input: additional(0) });
    expect(ap.seen[2]?.body).toEqual({ input: 'executor turn 1', additional_input: additional(1) });
    expect(ap.seen[3]?.body).toEqual({ input: 'executor turn 2', additional_input: additional(2) });
    expect(ap.seen[4]?.body).toEqual({ input: 'planner turn 0', additional_input: additional(0, 'ep-1', 'planner') });

    // close() forgets the tasks: the pair's next turn opens a new one.
    await c.close();
    await c.send(turnOf('ep-1', 'executor', 3));
    expect(ap.seen.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /ap/v1/agent/tasks',
      'POST /ap/v1/agent/tasks/task-4/steps',
    ]);
  });

  it('returns text that is no action as it is (judging it is the team’s business)', async () => {
    const ap = await agent({ mode: 'garbage' });
    const reply = await client(ap.url).send(turnOf('ep', 'executor', 0));
    expect(reply).toEqual({ text: '¯\\_(ツ)_/¯ lorem ipsum, no action here {', data: [] });
  });

  it('polls a step that is not completed until it is', async () => {
    const ap = await agent({ mode: 'slow', slowPolls: 2 });
    const reply = await client(`${ap.url}/ap/v1`, { pollMs: 1 }).send(turnOf('ep', 'executor', 0));
    expect(reply).toEqual({ text: 'done', data: [{ polls: 3 }] });
    expect(ap.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /ap/v1/agent/tasks',
      'POST /ap/v1/agent/tasks/task-1/steps',
      ...Array<string>(3).fill('GET /ap/v1/agent/tasks/task-1/steps/task-1-step-1'),
    ]);
  });

  it('a hanging step fails with timeout, naming the endpoint, role and fix', async () => {
    const ap = await agent({ mode: 'hang' });
    const error = await failureOf(client(ap.url, { timeoutMs: 300 }).send(turnOf('ep-h', 'executor', 0)));
    expect(error.failure).toBe('timeout');
    expect(error.protocol).toBe('agent-protocol');
    expect(error.endpoint).toBe(ap.url);
    expect(error.message).toContain(`Agent Protocol agent at ${ap.url} (role "executor", episode "ep-h", turn 0)`);
    expect(error.message).toContain('no reply within 300 ms while executing a step of task "task-1"');
    expect(error.message).toContain('Fix:');
    expect(ap.seen.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('a turn whose signal aborts fails with timeout at once', async () => {
    const ap = await agent({ mode: 'json', actions: [] });
    const signal = AbortSignal.abort(new Error('the episode ended'));
    const error = await failureOf(client(ap.url).send(turnOf('ep', 'executor', 0, { signal })));
    expect(error.failure).toBe('timeout');
    expect(error.message).toContain('the turn was stopped while creating the task: the episode ended');
    expect(ap.seen).toEqual([]);
  });

  it('a closed port fails with unreachable after the retries', async () => {
    const port = await refusedPort();
    const c = client(`http://127.0.0.1:${port}`, { retry: FAST_RETRY });
    const error = await failureOf(c.send(turnOf('ep', 'executor', 0)));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toContain('creating the task failed after 3 attempts');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('Fix: start the agent');
  });

  it('an agent answering 500 is retried, then unreachable; a flaky one succeeds on a retry', async () => {
    const broken = await agent({ mode: 'error500' });
    const error = await failureOf(client(broken.url, { retry: FAST_RETRY }).send(turnOf('ep', 'executor', 0)));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toContain('HTTP 500');
    expect(broken.seen.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('POST /ap/v1/agent/tasks'));

    const flaky = await agent({ mode: 'json', actions: [{ type: 'finish' }], failFirst: { count: 2 } });
    const reply = await client(flaky.url, { retry: FAST_RETRY }).send(turnOf('ep', 'executor', 0));
    expect(reply.data).toEqual([{ action: { type: 'finish' } }]);
    expect(flaky.seen.map((r) => r.path)).toEqual([
      '/ap/v1/agent/tasks',
      '/ap/v1/agent/tasks',
      '/ap/v1/agent/tasks',
      '/ap/v1/agent/tasks/task-1/steps',
    ]);
  });

  it('a 429 is retried after the wait the agent asks for', async () => {
    const limited = await agent({
      mode: 'json',
      actions: [{ type: 'finish' }],
      failFirst: { count: 1, status: 429, retryAfterMs: 5 },
    });
    // The backoff alone would wait 5 to 10 s, past the turn's 2 s: only the asked-for wait lets the turn succeed.
    const c = client(limited.url, { timeoutMs: 2000, retry: { maxRetries: 1, baseMs: 10_000, maxWaitMs: 10_000 } });
    const reply = await c.send(turnOf('ep', 'executor', 0));
    expect(reply.data).toEqual([{ action: { type: 'finish' } }]);
    expect(limited.seen.map((r) => r.path)).toEqual([
      '/ap/v1/agent/tasks',
      '/ap/v1/agent/tasks',
      '/ap/v1/agent/tasks/task-1/steps',
    ]);
  });

  it('an agent that forgot the task (restarted) fails with protocol, naming the 404 and the fix', async () => {
    const ap = await agent({ mode: 'json', actions: [{ type: 'finish' }] });
    const c = client(ap.url, { retry: FAST_RETRY });
    await c.send(turnOf('ep', 'executor', 0));
    ap.forgetTasks();
    const error = await failureOf(c.send(turnOf('ep', 'executor', 1)));
    expect(error.failure).toBe('protocol');
    expect(error.message).toContain('executing a step of task "task-1" was refused with HTTP 404');
    expect(error.message).toContain('keep its tasks while an episode runs');
    expect(ap.seen).toHaveLength(3);
  });

  it('an answer that is not JSON, or a task without task_id, fails with protocol at once', async () => {
    const badJson = await agent({ mode: 'bad-json' });
    const notJson = await failureOf(client(badJson.url, { retry: FAST_RETRY }).send(turnOf('ep', 'executor', 0)));
    expect(notJson.failure).toBe('protocol');
    expect(notJson.message).toContain('the answer to creating the task is not JSON');
    expect(badJson.seen).toHaveLength(1);

    const noId = await agent({ mode: 'no-task-id' });
    const shapeless = await failureOf(client(noId.url, { retry: FAST_RETRY }).send(turnOf('ep', 'executor', 0)));
    expect(shapeless.failure).toBe('protocol');
    expect(shapeless.message).toContain('is not an Agent Protocol Task (task_id:');
    expect(noId.seen).toHaveLength(1);
  });

  it('refuses a base URL it cannot use, naming the value and the fix', () => {
    expect(() => agentProtocolClient('not a url')).toThrow(InvalidArgumentError);
    expect(() => agentProtocolClient('ftp://127.0.0.1/')).toThrow(/an http: or https: URL/);
    expect(() => agentProtocolClient('http://user:secret@127.0.0.1/')).toThrow(/options\.headers/);
    expect(() => agentProtocolClient('http://user:secret@127.0.0.1/')).not.toThrow(/secret/);
    expect(() => agentProtocolClient('http://127.0.0.1:1/?key=sk-1')).toThrow(
      'agentProtocolClient(baseUrl): got "http://127.0.0.1:1/?…", expected a base URL without a query or fragment',
    );
    expect(() => agentProtocolClient('http://127.0.0.1:1', { timeoutMs: 0 })).toThrow(
      /options\.timeoutMs\): got 0, expected a whole number/,
    );
    expect(agentProtocolClient('http://127.0.0.1:8000/ap/v1/agent/').endpoint).toBe('http://127.0.0.1:8000');
  });

  it("in oracle mode the agent plays the executor's turns through the episode's MCP endpoint: the in-process digest", async () => {
    const ap = await agent({ mode: 'oracle', oracle: { env: ENV, seed: 0 } });
    const c = client(ap.url, { timeoutMs: 30_000 });
    const episode = mcpServer.openEpisode({ env: ENV, seed: 0 });
    const roles = episode.host.roles;
    expect(roles).toContain('executor');
    const urlOf = (role: string): string => {
      const url = episode.urls.roles[role];
      if (url === undefined) throw new Error(`no MCP URL for ${role}`);
      return url;
    };
    const executorTurns = (await oracleTurns({ env: ENV, seed: 0, role: 'executor' })).length;
    expect(executorTurns).toBeGreaterThan(0);
    const replies: string[] = [];
    await Promise.all(
      roles.map(async (role) => {
        if (role !== 'executor') {
          for (const turn of await oracleTurns({ env: ENV, seed: 0, role })) await playTurnOverMcp(urlOf(role), turn);
          return;
        }
        for (let turn = 0; turn < executorTurns; turn++) {
          const reply = await c.send({ ...turnOf(episode.id, role, turn), mcp: { url: urlOf(role) } });
          replies.push(reply.text);
        }
      }),
    );
    const result = await episode.host.result;
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
    expect(replies).toEqual(Array(executorTurns).fill('done'));
    expect(ap.tasks.size).toBe(1);
    const task = [...ap.tasks.values()][0];
    expect(task?.steps).toHaveLength(executorTurns);
    expect(ap.seen.filter((r) => r.method === 'POST')).toHaveLength(1 + executorTurns);
    const mcpUrls = task?.steps.map(
      (s) => (s['additional_input'] as { faultline: { mcp: { url: string } } }).faultline.mcp.url,
    );
    expect(mcpUrls).toEqual(Array(executorTurns).fill(urlOf('executor')));
  });
});
