/**
 * Test helpers: an official MCP SDK client connected over the in-memory transport to one
 * session of a hosted episode, and the oracle's actions as tool calls.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createMcpSession, type EpisodeHost } from '../../../src/serve/mcp/index.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import type { TrajectoryStep } from '../../../src/team/episode.js';

/** A connected client and a way to drop it. */
export interface Connected {
  readonly client: Client;
  /** Calls a tool and returns its result (never a protocol error for a tool failure). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Connects an SDK client to a new session of `host` (bound to `role`, or to the whole team). */
export async function connect(host: EpisodeHost, role?: string): Promise<Connected> {
  const server = createMcpSession(host, role === undefined ? {} : { role });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: `test-${role ?? 'team'}`, version: '1.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The tool call that takes a recorded step's action. */
export function toolCallOf(step: TrajectoryStep): { name: string; args: Record<string, unknown> } {
  return actionToToolCall(step.action as Action);
}

/** The text of a tool result. */
export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
