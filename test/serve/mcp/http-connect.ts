/**
 * Test helpers: an official MCP SDK client connected over Streamable HTTP to a URL of the MCP
 * HTTP server, and a way for it to leave (DELETE of its session) or just drop.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A client connected over HTTP. */
export interface HttpConnected {
  readonly client: Client;
  readonly transport: StreamableHTTPClientTransport;
  /** Calls a tool and returns its result. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Ends the session (DELETE) and closes the client: the client has left. */
  leave(): Promise<void>;
}

/** Connects a new SDK client to `url`. */
export async function connectHttp(url: string, name = 'http-test'): Promise<HttpConnected> {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    transport,
    call: async (tool, args = {}) => (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
    leave: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}

/** A raw JSON-RPC POST to the server (no SDK), for malformed and refused requests. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: { error?: { message: string } } & Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as { error?: { message: string } }) : {} };
}

/** An initialize request as an MCP client sends it. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
} as const;
