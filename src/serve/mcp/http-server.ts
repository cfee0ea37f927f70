/**
 * The MCP server over Streamable HTTP (the official SDK's `StreamableHTTPServerTransport`, one
 * stateful transport per MCP session) on node:http:
 *
 * - `/mcp`: every session initialized here plays a FRESH episode (settings from the server's
 *   defaults, overridden by `?env=&seed=&perturb=&trial=&variant=&view=&worldSize=`), never shared;
 * - `/mcp/EPISODE` (the whole team) and `/mcp/EPISODE/ROLE` (one role): sessions joining an
 *   episode opened with `POST /episodes`, one per role;
 * - `POST /episodes` opens a team episode and answers its endpoints; `GET /episodes/ID` its state.
 *
 * Episodes are held by an {@link EpisodeRegistry}: a cap on live episodes (503), idle reaping,
 * and recording into a {@link HostedRun}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultlineError, InvalidArgumentError } from '../../core/errors.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { HostedRun } from '../hosted-run.js';
import type { EpisodeHost, EpisodeHostOptions } from './episode-host.js';
import { EpisodeCapError, EpisodeRegistry, type RegisteredEpisode } from './episode-registry.js';
import {
  bodyEpisodeRequest,
  HttpProblem,
  queryEpisodeRequest,
  readJsonBody,
  routeOf,
  sendJson,
  sendRpcError,
  type EpisodeRequest,
  type Route,
} from './http-routes.js';
import { McpHttpSessions } from './http-sessions.js';

/** How the MCP HTTP server runs. */
export interface McpHttpServerOptions {
  /** The interface to listen on. @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** The port; 0 picks a free one. */
  readonly port: number;
  /** Episode settings for a session opened at plain `/mcp` (env required there unless the query gives it). */
  readonly defaults?: Partial<EpisodeHostOptions>;
  /** Live episodes at once. @defaultValue 64 */
  readonly maxEpisodes?: number;
  /** An episode no request touched for this long is closed (agent_error, "idle") and its sessions dropped. @defaultValue 300000 */
  readonly idleTimeoutMs?: number;
  /** When set, every ended episode is recorded there ({@link HostedRun.reserve} picks trials). */
  readonly run?: HostedRun | null;
  /** Largest request body, in bytes; a larger one is answered 413. @defaultValue 4 MiB */
  readonly maxBodyBytes?: number;
  /** Told about what went wrong in the background (a record that could not be written). */
  readonly onProblem?: (message: string) => void;
  /** Told about every episode that ended, after it was recorded (record null without a run). */
  readonly onEpisodeEnd?: (result: EpisodeResult, record: EpisodeRecord | null) => void;
}

/** An episode opened on the server. */
export interface HostedEpisodeHandle {
  /** A random id (not part of any digest). */
  readonly id: string;
  readonly host: EpisodeHost;
  /** The MCP endpoint of the whole team (`…/mcp/ID`) and of each role (`…/mcp/ID/ROLE`). */
  readonly urls: { readonly team: string; readonly roles: Readonly<Record<string, string>> };
  /** Resolves once the episode ended and (with `run`) was recorded: the record, or null without a run. */
  readonly recorded: Promise<EpisodeRecord | null>;
}

/** A running MCP HTTP server. */
export interface McpHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Opens an episode (throws FaultlineError with a clear message when maxEpisodes are live). */
  openEpisode(options: EpisodeHostOptions): HostedEpisodeHandle;
  /** Live episodes. */
  episodes(): number;
  /** Closes every live episode (agent_error "server stopped"), waits for recording, stops listening. */
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function positive(value: number, field: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new InvalidArgumentError(
      `startMcpHttpServer({ ${field} })`,
      value,
      `a whole number from 1 to ${max}`,
      `omit ${field} for the default`,
    );
  return value;
}

/** Starts the server; resolves once it listens. */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<McpHttpServer> {
  const bindHost = options.host ?? '127.0.0.1';
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new InvalidArgumentError(
      'startMcpHttpServer({ port })',
      options.port,
      'a port from 0 to 65535',
      'pass port: 0 for a free one',
    );
  const maxBodyBytes = positive(options.maxBodyBytes ?? 4 * 1024 * 1024, 'maxBodyBytes', 2 ** 30);
  const maxEpisodes = positive(options.maxEpisodes ?? 64, 'maxEpisodes', 1_000_000);
  const registry = new EpisodeRegistry({
    maxEpisodes,
    idleTimeoutMs: positive(options.idleTimeoutMs ?? 300_000, 'idleTimeoutMs', 2 ** 31 - 1),
    run: options.run ?? null,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    ...(options.onEpisodeEnd ? { onEnded: options.onEpisodeEnd } : {}),
  });
  const defaults = options.defaults ?? {};
  // A server bound to loopback answers only requests addressed to loopback: a web page cannot
  // reach it by pointing a DNS name at 127.0.0.1 (DNS rebinding).
  const checkHost = LOOPBACK_NAMES.has(bindHost);
  let baseUrl = '';
  let closing: Promise<void> | null = null;

  const handleOf = (episode: RegisteredEpisode): HostedEpisodeHandle => {
    const team = `${baseUrl}/mcp/${episode.id}`;
    return {
      id: episode.id,
      host: episode.host,
      urls: { team, roles: Object.fromEntries(episode.host.roles.map((r) => [r, `${team}/${encodeURIComponent(r)}`])) },
      recorded: episode.recorded,
    };
  };

  const openEpisode = (request: EpisodeRequest): RegisteredEpisode => {
    if (closing) throw new HttpProblem(503, 'The server is stopping: it opens no new episodes.');
    const merged = { ...defaults, ...request };
    if (merged.env === undefined)
      throw new HttpProblem(
        400,
        'field "env" is missing: give the env, e.g. env=filesystem/rename-symbol-v1 (or start the server with --env).',
      );
    try {
      return registry.open({ ...merged, env: merged.env, seed: merged.seed ?? 0 });
    } catch (e) {
      if (e instanceof EpisodeCapError) throw new HttpProblem(503, e.message);
      if (e instanceof FaultlineError) throw new HttpProblem(400, e.message);
      throw e;
    }
  };

  const episodeState = (episode: RegisteredEpisode): Record<string, unknown> => {
    const { host } = episode;
    const r = host.finished;
    return {
      id: episode.id,
      env: host.start.envId,
      seed: host.start.seed,
      perturb: episode.perturb,
      trial: episode.trial,
      variant: host.start.variant,
      ...(host.start.worldSize !== undefined ? { worldSize: host.start.worldSize } : {}),
      team: episode.team,
      roles: host.roles,
      holder: host.holder,
      steps: host.steps,
      ended: r !== null,
      ...(r
        ? {
            outcome: r.outcome,
            success: r.success,
            score: r.score,
            digest: r.digest,
            ...(r.error ? { error: r.error } : {}),
          }
        : {}),
    };
  };

  const mcpSessions = new McpHttpSessions(registry);

  const handleMcp = async (route: Route, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE')
      throw new HttpProblem(405, `method ${req.method ?? ''} is not served here; MCP uses POST, GET and DELETE.`);
    const body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
    await mcpSessions.handle(route, url, req, res, body, () => openEpisode(queryEpisodeRequest(url.searchParams)));
  };

  const handleEpisodes = async (route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (route.kind === 'episodes') {
      if (req.method !== 'POST')
        throw new HttpProblem(405, 'POST /episodes opens an episode; GET /episodes/ID reads one.');
      const request = bodyEpisodeRequest(await readJsonBody(req, maxBodyBytes));
      const episode = openEpisode({ ...request });
      const handle = handleOf(episode);
      sendJson(res, 201, { ...episodeState(episode), urls: handle.urls });
      return;
    }
    if (route.kind !== 'episode-state') return;
    if (req.method !== 'GET') throw new HttpProblem(405, 'GET /episodes/ID reads an episode.');
    const episode = registry.get(route.episode);
    if (!episode) throw new HttpProblem(404, `episode "${route.episode}" is not on this server (or ended long ago).`);
    sendJson(res, 200, episodeState(episode));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (checkHost) {
      const hostname = String(req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOOPBACK_NAMES.has(hostname))
        throw new HttpProblem(403, `Host "${hostname}" is not this loopback server's; connect to ${baseUrl}.`);
    }
    const route = routeOf(url.pathname);
    if (!route)
      throw new HttpProblem(
        404,
        `nothing at ${url.pathname.slice(0, 200)}; endpoints: /mcp, /mcp/EPISODE, /mcp/EPISODE/ROLE (MCP), POST /episodes, GET /episodes/ID, GET /health.`,
      );
    if (route.kind === 'mcp' || route.kind === 'mcp-episode') return handleMcp(route, url, req, res);
    if (route.kind === 'health') {
      sendJson(res, 200, { status: 'ok', episodes: registry.size, maxEpisodes });
      return;
    }
    return handleEpisodes(route, req, res);
  };

  const http = createServer((req, res) => {
    res.on('error', () => {});
    handle(req, res).catch((e: unknown) => {
      const problem = e instanceof HttpProblem ? e : null;
      if (problem) {
        // A body refused before it was read: the client may still be sending it.
        const headers: Record<string, string> = problem.status === 413 ? { connection: 'close' } : {};
        sendRpcError(res, problem.status, problem.message, headers);
        return;
      }
      options.onProblem?.(
        `request ${req.method ?? ''} ${req.url ?? ''} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      if (!res.headersSent) sendRpcError(res, 500, 'Internal server error; the server goes on.');
      else res.destroy();
    });
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, bindHost, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  baseUrl = `http://${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`;

  return {
    url: baseUrl,
    openEpisode: (episodeOptions) => handleOf(registry.open(episodeOptions)),
    episodes: () => registry.size,
    close: () =>
      (closing ??= (async () => {
        await registry.closeAll('server stopped');
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      })()),
  };
}
