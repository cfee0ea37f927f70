/**
 * Test support: the oracle's part in an episode as a script a remote agent can follow. The
 * oracle is privileged (it reads the task's plan), which no remote agent is told; so its actions
 * are taken from the same episode run in-process, split per role into turns, and a scripted
 * agent plays them one turn at a time through the role's MCP endpoint. Equal digests then show
 * the remotely played episode is the in-process one.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadBuiltins } from '../../src/builtins.js';
import { actionToToolCall } from '../../src/llm/tool-calls.js';
import type { Action } from '../../src/team/actions.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode, type TrajectoryStep } from '../../src/team/episode.js';

/** The episode whose oracle actions are scripted. */
export interface OracleScriptOptions {
  readonly env: string;
  readonly seed: number;
  readonly role: string;
  readonly perturb?: string;
  readonly trial?: number;
}

/** Whether an action ends its role's turn (control passes on, or the episode ends). */
function endsTurn(action: Action): boolean {
  return action.type === 'handoff' || action.type === 'finish';
}

/**
 * The turns of `role` in a trajectory: its steps in order, a new turn after each handoff or
 * finish and whenever another role acted in between (control changed hands).
 */
export function turnsOf(trajectory: readonly TrajectoryStep[], role: string): Action[][] {
  const turns: Action[][] = [];
  let current: Action[] = [];
  const close = () => {
    if (current.length > 0) turns.push(current);
    current = [];
  };
  for (const step of trajectory) {
    if (step.role !== role) {
      close();
      continue;
    }
    const action = step.action as Action;
    current.push(action);
    if (endsTurn(action)) close();
  }
  close();
  return turns;
}

/** The oracle's episodes, by setup: each is run once per process (every role reads the same). */
const episodes = new Map<string, Promise<readonly TrajectoryStep[]>>();

async function oracleTrajectory(options: Omit<OracleScriptOptions, 'role'>): Promise<readonly TrajectoryStep[]> {
  loadBuiltins();
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('the oracle team is not registered; loadBuiltins() should register it');
  const result = await runEpisode({
    env: options.env,
    team: oracle,
    seed: options.seed,
    ...(options.perturb !== undefined ? { perturb: options.perturb } : {}),
    ...(options.trial !== undefined ? { trial: options.trial } : {}),
  });
  if (result.outcome !== 'success')
    throw new Error(`the oracle did not succeed on ${options.env} seed ${options.seed}: ${result.outcome}`);
  return result.trajectory;
}

/** The actions the oracle team's `role` takes in one episode, split into turns (each turn ends with its handoff or finish). */
export async function oracleTurns(options: OracleScriptOptions): Promise<Action[][]> {
  const { role, ...setup } = options;
  const key = JSON.stringify([setup.env, setup.seed, setup.perturb ?? 'clean', setup.trial ?? 0]);
  let trajectory = episodes.get(key);
  if (!trajectory) {
    trajectory = oracleTrajectory(setup);
    episodes.set(key, trajectory);
    trajectory.catch(() => episodes.delete(key));
  }
  return turnsOf(await trajectory, role);
}

/**
 * Open MCP clients, one per endpoint. A role keeps one session for the whole episode: the host
 * allows one session per role at a time and ends the episode when the holder's session has
 * left, so closing between turns would lose the episode once control comes back.
 */
const clients = new Map<string, Promise<Client>>();

async function clientFor(mcpUrl: string): Promise<Client> {
  let client = clients.get(mcpUrl);
  if (!client) {
    client = (async () => {
      const c = new Client({ name: 'oracle-script', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
      return c;
    })();
    clients.set(mcpUrl, client);
    client.catch(() => clients.delete(mcpUrl));
  }
  return client;
}

async function closeClient(mcpUrl: string): Promise<void> {
  const client = clients.get(mcpUrl);
  clients.delete(mcpUrl);
  const c = await client?.catch(() => null);
  if (!c) return;
  const transport = c.transport;
  if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
  await c.close();
}

/** Closes the MCP session a scripted turn left open at `mcpUrl`, if any. */
export async function closeOracleSession(mcpUrl: string): Promise<void> {
  await closeClient(mcpUrl);
}

/** Closes every MCP session a scripted turn left open (call in `afterAll`). */
export async function closeOracleSessions(): Promise<void> {
  await Promise.all([...clients.keys()].map(closeClient));
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/**
 * Plays one turn through an MCP endpoint (Streamable HTTP) with the official MCP SDK client: one
 * tool call per action (the session's tools, see src/serve/mcp/session-tools.ts). Throws when a
 * call takes no step (the role never got control, the episode had ended); a step the env
 * rejects is still a step. The session stays open for the role's next turn and is closed when
 * the episode ends.
 */
export async function playTurnOverMcp(mcpUrl: string, actions: readonly Action[]): Promise<void> {
  const client = await clientFor(mcpUrl);
  for (const action of actions) {
    const { name, args } = actionToToolCall(action);
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const taken = result.structuredContent as { step?: unknown; done?: unknown } | undefined;
    if (typeof taken?.step !== 'number') {
      await closeClient(mcpUrl);
      throw new Error(`the call ${name} at ${mcpUrl} took no step: ${textOf(result)}`);
    }
    if (taken.done === true) {
      await closeClient(mcpUrl);
      return;
    }
  }
}
