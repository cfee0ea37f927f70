/**
 * A minimal MCP Streamable HTTP server for these tests: episodes at `/mcp/ID` (the team) and
 * `/mcp/ID/ROLE`, one SDK transport and one `createMcpSession` per session. It stands in for the
 * product's HTTP server where a test needs only the endpoints a command team hands its programs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { EpisodeHost } from '../../../src/serve/mcp/episode-host.js';
import { createMcpSession } from '../../../src/serve/mcp/session.js';
import type {
  CommandEpisodeOptions,
  EpisodeServer,
  HostedEpisode,
} from '../../../src/serve/command-team/episode-server.js';

/** The test server, with how many episodes and sessions it has open. */
export interface TestEpisodeServer extends EpisodeServer {
  readonly url: string;
  readonly open: { episodes: number; sessions: number };
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startTestEpisodeServer(): Promise<TestEpisodeServer> {
  const episodes = new Map<string, EpisodeHost>();
  const transports = new Map<string, StreamableHTTPServerTransport>();
  let next = 0;
  const http = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const m = /^\/mcp\/([^/]+)(?:\/([^/]+))?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      const host = m ? episodes.get(m[1] as string) : undefined;
      if (!m || !host) return void res.writeHead(404).end('no such episode');
      const session = req.headers['mcp-session-id'];
      const known = typeof session === 'string' ? transports.get(session) : undefined;
      if (known) return await known.handleRequest(req, res);
      if (req.method !== 'POST') return void res.writeHead(400).end('no session');
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      const role = m[2] !== undefined ? decodeURIComponent(m[2]) : undefined;
      await createMcpSession(host, role !== undefined ? { role } : {}).connect(transport);
      await transport.handleRequest(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(400).end(String(e));
    }
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    get open() {
      return { episodes: episodes.size, sessions: transports.size };
    },
    openEpisode(options: CommandEpisodeOptions): HostedEpisode {
      const { turnOf: _turnOf, ...hostOptions } = options;
      const host = EpisodeHost.open(hostOptions);
      const id = `e${next++}`;
      episodes.set(id, host);
      void host.result.then(() => episodes.delete(id));
      return {
        id,
        host,
        urls: {
          team: `${url}/mcp/${id}`,
          roles: Object.fromEntries(host.roles.map((r) => [r, `${url}/mcp/${id}/${encodeURIComponent(r)}`])),
        },
      };
    },
    async close() {
      for (const t of transports.values()) await t.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
