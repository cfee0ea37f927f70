/**
 * Mixed teams with a remote role, played through `play()` on an MCP HTTP server with in-memory
 * protocol clients: one acting through MCP with the official SDK client, one answering with JSON
 * actions, one with garbage, one unreachable, one that hangs. The oracle's executor actions
 * through either path reproduce the oracle's digest; every failure is the right outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { oracleTeam } from '../../agents/oracle.js';
import { actionToToolCall } from '../../src/llm/tool-calls.js';
import type { Action } from '../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { SharedService } from '../../src/serve/command-team/shared-service.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/serve/mcp/http-server.js';
import { mixedTeam } from '../../src/serve/mixed-team/team.js';
import type { MixedTeamConfig } from '../../src/serve/mixed-team/config.js';
import type { RemoteClientFactories } from '../../src/serve/remote/clients.js';
import {
  RemoteAgentError,
  type RemoteAgentClient,
  type RemoteReply,
  type RemoteTurn,
} from '../../src/serve/remote/remote-agent.js';
import { connectHttp, type HttpConnected } from './mcp/http-connect.js';

const ENV = 'filesystem/rename-symbol-v1';
let oracle: EpisodeResult;
/** The oracle executor's actions, one list per turn (a run of its steps between handoffs). */
let executorTurns: Action[][];
const started: McpHttpServer[] = [];
const servers = new SharedService(async () => {
  const s = await startMcpHttpServer({ port: 0 });
  started.push(s);
  return s;
});

beforeAll(async () => {
  loadBuiltins();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
  executorTurns = [];
  let previous: string | null = null;
  for (const step of oracle.trajectory) {
    if (step.role === 'executor') {
      if (previous !== 'executor') executorTurns.push([]);
      executorTurns[executorTurns.length - 1]?.push(step.action as Action);
    }
    previous = step.role;
  }
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** A fake client: `reply` answers each turn; every turn it got is kept. */
class FakeClient implements RemoteAgentClient {
  readonly protocol = 'a2a' as const;
  readonly turns: RemoteTurn[] = [];
  closed = false;
  constructor(
    readonly endpoint: string,
    private readonly reply: (turn: RemoteTurn, client: FakeClient) => Promise<RemoteReply>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}
  send(turn: RemoteTurn): Promise<RemoteReply> {
    this.turns.push(turn);
    return this.reply(turn, this);
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.onClose();
  }
}

/** Plays one episode of a team whose executor is the client `make` builds; returns it with the client. */
async function play(
  make: () => FakeClient,
  remote: MixedTeamConfig['remote'] = {},
): Promise<{ result: EpisodeResult; client: FakeClient }> {
  let client: FakeClient | null = null;
  const clients: RemoteClientFactories = {
    a2a: (url) => {
      expect(url).toBe('http://agent.test/.well-known/agent-card.json');
      client = make();
      return Promise.resolve(client);
    },
    'agent-protocol': () => Promise.reject(new Error('not used')),
  };
  const team = mixedTeam(
    {
      id: 'mixed-a2a',
      roles: {
        planner: { kind: 'oracle' },
        executor: { kind: 'a2a', url: 'http://agent.test/.well-known/agent-card.json' },
        reviewer: { kind: 'oracle' },
      },
      remote,
    },
    { servers, clients },
  );
  expect(team.privileged).toBe(true);
  const result = await team.play!({ env: ENV, team, seed: 0 });
  return { result, client: client as unknown as FakeClient };
}

/** Replies to each turn with the next oracle action in JSON, in turn as a data part, a JSON text, a fenced block. */
function jsonReplies(): (turn: RemoteTurn) => Promise<RemoteReply> {
  const actions = executorTurns.flat();
  let n = 0;
  return () => {
    const action = actions[n];
    const form = n % 3;
    n += 1;
    if (form === 0) return Promise.resolve({ text: 'here you go', data: [{ action }] });
    if (form === 1) return Promise.resolve({ text: JSON.stringify(action), data: [] });
    return Promise.resolve({ text: `My action:\n\`\`\`json\n${JSON.stringify({ action })}\n\`\`\`\n`, data: [] });
  };
}

describe('a mixed team with a remote executor', () => {
  it("reproduces the oracle's digest when the executor takes the oracle's actions through MCP", async () => {
    let conn: HttpConnected | null = null;
    let turn = 0;
    const { result, client } = await play(
      () =>
        new FakeClient(
          'memory://mcp-oracle',
          async (t) => {
            conn ??= await connectHttp(t.mcp.url, 'fake-executor');
            for (const action of executorTurns[turn] ?? []) {
              const { name, args } = actionToToolCall(action);
              const answer = await conn.call(name, args);
              expect(answer.isError ?? false).toBe(false);
            }
            turn += 1;
            return { text: 'done', data: [] };
          },
          async () => {
            await conn?.leave();
          },
        ),
    );
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ outcome: 'success', team: 'mixed-a2a', digest: oracle.digest, steps: oracle.steps });
    expect(client.turns).toHaveLength(executorTurns.length);
    expect(client.closed).toBe(true);
    // Turn 0 carries the briefing, the task and the MCP URL; later turns what the role sees.
    const [first, second] = client.turns;
    expect(first?.turn).toBe(0);
    expect(first?.text).toContain('You are the executor of a team');
    expect(first?.text).toContain(first?.mcp.url ?? '?');
    expect(first?.mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\/[^/]+\/executor$/);
    expect(first?.data).toMatchObject({ role: 'executor', turn: 0, briefing: { id: 'executor' } });
    expect(first?.data['actionForm']).toMatch(/"action"/);
    expect(first?.episodeId).toMatch(/mixed-a2a/);
    if (second) {
      expect(second.text).toMatch(/^## What you see now/);
      expect(second.data['briefing']).toBeUndefined();
    }
    // Each remote turn is recorded like a model call (the last one, after the role's last step, in the usage).
    expect(result.usage?.byRole['executor']?.calls).toBe(executorTurns.length);
    // The thread's server stopped once the episode was over.
    expect(started.at(-1)?.episodes()).toBe(0);
  });

  it("reproduces the oracle's digest when the executor replies with JSON actions", async () => {
    const { result, client } = await play(() => new FakeClient('memory://json', jsonReplies()));
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ outcome: 'success', digest: oracle.digest, invalidActions: oracle.invalidActions });
    expect(client.turns).toHaveLength(executorTurns.flat().length);
    const executorSteps = result.trajectory.filter((s) => s.role === 'executor');
    expect(executorSteps.every((s) => s.turn?.calls.length === 1)).toBe(true);
    expect(executorSteps[0]?.turn?.calls[0]).toMatchObject({ model: 'a2a memory://json', ordinal: 1 });
    expect(result.usage?.byRole['executor']?.calls).toBe(executorSteps.length);
  });

  it('takes a reply without an action as an invalid action, tells the agent, and goes on', async () => {
    const json = jsonReplies();
    let garbled = false;
    const { result, client } = await play(
      () =>
        new FakeClient('memory://garbage-once', (turn) => {
          if (!garbled) {
            garbled = true;
            return Promise.resolve({ text: 'Let me think about it.', data: [{ thought: 'hmm' }] });
          }
          return json(turn);
        }),
    );
    expect(result.error).toBeNull();
    expect(result.outcome).toBe('success');
    expect(result.invalidActions).toBe(oracle.invalidActions + 1);
    expect(result.steps).toBe(oracle.steps + 1);
    expect(client.turns[1]?.text).toMatch(
      /Your last reply carried no action \(a reply with text "Let me think about it\." and 1 data part/,
    );
    expect(client.turns[1]?.data['problem']).toMatch(/none of them an action/);
  });

  it('counts steps taken through MCP as progress, even in turns that end without an action', async () => {
    let conn: HttpConnected | null = null;
    const actions = executorTurns.flat();
    const { result, client } = await play(
      () =>
        new FakeClient(
          'memory://one-per-turn',
          async (t) => {
            conn ??= await connectHttp(t.mcp.url, 'fake-executor');
            const { name, args } = actionToToolCall(actions.shift() as Action);
            await conn.call(name, args);
            return { text: 'did one thing', data: [] };
          },
          async () => {
            await conn?.leave();
          },
        ),
    );
    expect(result.error).toBeNull();
    expect(result.outcome).toBe('success');
    const all = executorTurns.flat().length;
    expect(client.turns).toHaveLength(all);
    // Every turn but those that handed off left the role in control without an action.
    expect(result.invalidActions).toBe(oracle.invalidActions + all - executorTurns.length);
  });

  it('ends the episode as no progress after 3 replies in a row without an action', async () => {
    const { result, client } = await play(
      () => new FakeClient('memory://garbage', () => Promise.resolve({ text: 'I am not sure.', data: [] })),
    );
    expect(result.outcome).toBe('failure');
    expect(result.error?.role).toBe('executor');
    expect(result.error?.message).toMatch(
      /remote role "executor" \(a2a memory:\/\/garbage\) made no progress: 3 replies in a row without an action/,
    );
    expect(client.turns).toHaveLength(3);
    expect(result.invalidActions).toBe(oracle.invalidActions + 2);
  });

  it('ends the episode as provider_error when the agent cannot be reached', async () => {
    const { result, client } = await play(
      () =>
        new FakeClient('memory://down', () =>
          Promise.reject(new RemoteAgentError('a2a', 'memory://down', 'unreachable', 'connection refused')),
        ),
    );
    expect(result.outcome).toBe('provider_error');
    expect(result.error?.role).toBe('executor');
    expect(result.error?.message).toMatch(
      /remote role "executor" \(a2a memory:\/\/down\) failed on turn 0: unreachable: connection refused\. Fix: .*--resume/,
    );
    expect(client.closed).toBe(true);
  });

  it('ends the episode as provider_error when a turn overruns its time, aborting the turn', async () => {
    const began = performance.now();
    let aborted = false;
    const { result } = await play(
      () =>
        new FakeClient(
          'memory://hang',
          (turn) =>
            new Promise<RemoteReply>((_, reject) =>
              turn.signal.addEventListener('abort', () => {
                aborted = true;
                reject(turn.signal.reason as Error);
              }),
            ),
        ),
      { timeoutMs: 400 },
    );
    const elapsed = performance.now() - began;
    expect(result.outcome).toBe('provider_error');
    expect(result.error?.message).toMatch(/\(a2a memory:\/\/hang\) failed on turn 0: timeout: no reply within 0\.4 s/);
    expect(aborted).toBe(true);
    expect(elapsed).toBeLessThan(5000);
  });
});
