/**
 * The MCP sessions of the HTTP server: one stateful `StreamableHTTPServerTransport` (official
 * SDK) and one `McpServer` per session, found by the `mcp-session-id` header and bound to the
 * path it was opened at. An initialize at `/mcp` plays a fresh episode; one at `/mcp/ID` or
 * `/mcp/ID/ROLE` joins an episode of the registry as the whole team or as one role.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { FaultlineError } from '../../core/errors.js';
import type { EpisodeRegistry, RegisteredEpisode } from './episode-registry.js';
import { HttpProblem, type Route } from './http-routes.js';
import { createMcpSession } from './session.js';

/** One MCP session: its transport, the episode it plays and the path it was opened at. */
interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly episode: string;
  readonly mount: string;
}

/** The open MCP sessions of one server. */
export class McpHttpSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly registry: EpisodeRegistry) {}

  /**
   * Answers a request at an MCP endpoint (its body already read): hands it to its session, or
   * opens a session for an initialize request. `fresh` opens the episode of a new `/mcp` session.
   * Throws {@link HttpProblem} for what cannot be served.
   */
  async handle(
    route: Route,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    fresh: () => RegisteredEpisode,
  ): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (!session || session.mount !== mountOf(url))
        throw new HttpProblem(
          404,
          `session "${sessionId}" is not open at ${url.pathname} (it ended or was reaped); start a new session.`,
        );
      return this.serve(session, req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body))
      throw new HttpProblem(400, 'Bad Request: no session id; a session starts with an initialize request (POST).');
    return this.initialize(route, url, req, res, body, fresh);
  }

  /** Hands a request to a session's transport; a client that goes away mid-call cancels its calls. */
  private async serve(session: Session, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    if (req.method === 'POST') {
      const done = this.registry.begin(session.episode);
      res.once('close', () => {
        done();
        if (!res.writableFinished) cancelCalls(session.transport, body);
      });
    } else this.registry.touch(session.episode);
    await session.transport.handleRequest(req, res, body);
  }

  /** Opens a session (an initialize request) at `/mcp` (a fresh episode) or `/mcp/ID[/ROLE]`. */
  private async initialize(
    route: Route,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    fresh: () => RegisteredEpisode,
  ): Promise<void> {
    // Checked here, before a role is attached, so that a refused initialize leaves the episode as it was.
    const accept = String(req.headers.accept ?? '');
    if (!accept.includes('application/json') || !accept.includes('text/event-stream'))
      throw new HttpProblem(406, 'Not Acceptable: the client must accept both application/json and text/event-stream.');
    let episode: RegisteredEpisode;
    let role: string | null = null;
    const isFresh = route.kind === 'mcp';
    if (route.kind === 'mcp') episode = fresh();
    else if (route.kind === 'mcp-episode') {
      if ([...url.searchParams.keys()].length > 0)
        throw new HttpProblem(
          400,
          'a session joining an episode takes no query: the episode was set when it was opened.',
        );
      episode = this.joinable(route.episode, route.role);
      role = route.role;
    } else throw new HttpProblem(404, 'not an MCP endpoint');
    let server;
    try {
      server = createMcpSession(episode.host, role === null ? {} : { role });
    } catch (e) {
      if (isFresh) this.registry.discard(episode.id, 'the first session could not start');
      if (e instanceof FaultlineError) throw new HttpProblem(409, `episode "${episode.id}": ${e.message}`);
      throw e;
    }
    const mount = mountOf(url);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, episode: episode.id, mount });
      },
    });
    // Set before connect: the server chains its own close handler (which detaches the role) after it.
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.sessions.delete(transport.sessionId);
      this.registry.removeSession(episode.id, transport);
    };
    await server.connect(transport);
    this.registry.addSession(episode.id, transport);
    try {
      await this.serve({ transport, episode: episode.id, mount }, req, res, body);
    } finally {
      if (transport.sessionId === undefined || !this.sessions.has(transport.sessionId)) {
        if (isFresh) this.registry.discard(episode.id, 'the first session could not start');
        await server.close();
      }
    }
  }

  /** The episode a session may join as `role`, or an HttpProblem saying why not. */
  private joinable(id: string, role: string | null): RegisteredEpisode {
    const episode = this.registry.get(id);
    if (!episode)
      throw new HttpProblem(
        404,
        `episode "${id}" is not on this server; open one with POST /episodes, or use /mcp for a fresh episode.`,
      );
    const ended = episode.host.finished;
    if (ended)
      throw new HttpProblem(404, `episode "${id}" has ended (${ended.outcome}); open a new one with POST /episodes.`);
    if (role !== null && !episode.host.roles.includes(role))
      throw new HttpProblem(
        404,
        `episode "${id}" has no role "${role}"; its roles: ${episode.host.roles.join(', ')} (or /mcp/${id} for the whole team).`,
      );
    return episode;
  }
}

function mountOf(url: URL): string {
  return url.pathname.replace(/\/$/, '');
}

/** Cancels the calls of a request whose client went away: a call waiting for control stops waiting. */
function cancelCalls(transport: StreamableHTTPServerTransport, body: unknown): void {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  for (const m of messages) {
    if (typeof m !== 'object' || m === null || !('method' in m) || !('id' in m)) continue;
    const id = (m as { id: unknown }).id;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const cancel: JSONRPCMessage = {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason: 'the HTTP client went away' },
    };
    // As if the client had cancelled: the SDK aborts the call's signal, so a wait for control ends.
    transport.onmessage?.(cancel);
  }
}
