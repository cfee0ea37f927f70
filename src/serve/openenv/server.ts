/**
 * The OpenEnv-compatible env server: `GET /health`, `/schema`, `/metadata` over node:http and the
 * WebSocket `/ws` (package `ws`), where each connection owns one {@link OpenEnvSession}. A cap
 * on open sessions answers `CAPACITY_REACHED`; idle sessions are reaped; a frame over the
 * message cap closes its connection (1009) and nothing else; a client that stops reading its
 * replies is closed (1008) once its unsent replies pass a cap, so it never makes the server buffer
 * without bound; whatever a client sends becomes an error reply, never a crash. With `out`, every
 * episode is recorded into a run directory ({@link HostedRun}), complete once the server closes.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { DEFAULT_MAX_ACTION_BYTES } from '../../team/action-size.js';
import { HostedRun } from '../hosted-run.js';
import { errorMessage, parseClientMessage, ProtocolError, type ServerMessage } from './protocol.js';
import type { EpisodeRecording } from './recording.js';
import { metadataResponse, openApiResponse, schemaResponse } from './schemas.js';
import { OpenEnvSession } from './session.js';
import { parseWorldSize, type WorldSizeInput } from '../../world/world-size.js';

/** How the server is set up. */
export interface OpenEnvServerOptions {
  /** The port to listen on; 0 picks a free one. @defaultValue 8000 */
  readonly port?: number;
  /** The interface to listen on. @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** The env a reset without `env_id` plays; null: every reset must name one. @defaultValue null */
  readonly defaultEnv?: string | null;
  /** The world size of a reset without `world_size`: a name or an entity count. @defaultValue each family's own */
  readonly worldSize?: WorldSizeInput;
  /** Most open `/ws` sessions; one more is answered `CAPACITY_REACHED` and closed. @defaultValue 64 */
  readonly maxSessions?: number;
  /** A session with no message for this long is closed (`SESSION_ERROR`, then 1001). @defaultValue 300000 */
  readonly idleTimeoutMs?: number;
  /** Most bytes of one WebSocket message; a larger one closes its connection with 1009. @defaultValue 16 MiB */
  readonly maxMessageBytes?: number;
  /** Most UTF-8 bytes of one action (a larger one is an error observation). @defaultValue 262144 */
  readonly maxActionBytes?: number;
  /** The version `/metadata` reports. @defaultValue null */
  readonly version?: string | null;
  /**
   * Most bytes of replies waiting to be sent on one connection (`ws.bufferedAmount`): a client
   * that stops reading is closed with 1008 once a reply finds more than this queued, so it
   * cannot make the server hold its replies without bound. @defaultValue 16 MiB
   */
  readonly maxBufferedBytes?: number;
  /** Record every episode into this run directory (see {@link OpenEnvRecordOptions}). @defaultValue null */
  readonly out?: OpenEnvRecordOptions | null;
}

/** How a server records its episodes into a run directory. */
export interface OpenEnvRecordOptions {
  /** The run directory. A directory that holds a run is refused unless `resume` or `overwrite` is set. */
  readonly dir: string;
  /** Add to the run already in `dir` (its episodes are kept). @defaultValue false */
  readonly resume?: boolean;
  /** Start over in a `dir` that holds a run, deleting its records. @defaultValue false */
  readonly overwrite?: boolean;
  /**
   * Also record episodes a client leaves before their end (reset again, close, disconnect, idle
   * reap, server stop) as `agent_error` with the reason. @defaultValue false
   */
  readonly recordAbandoned?: boolean;
  /** Rewrite `summary.json`/`run.json` at most this often (and at close). @defaultValue 1000 */
  readonly indexIntervalMs?: number;
  /** Told of an episode that could not be written (the server goes on). */
  readonly onError?: (error: Error) => void;
}

/** A running server. */
export interface OpenEnvServer {
  /** The HTTP base URL, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  /** The WebSocket URL, e.g. `ws://127.0.0.1:8000/ws`. */
  readonly wsUrl: string;
  readonly port: number;
  /** Open `/ws` sessions. */
  sessions(): number;
  /** The run directory episodes are recorded into, or null. */
  readonly run: HostedRun | null;
  /**
   * Closes every connection (an episode still playing is abandoned: recorded as `agent_error` or
   * released, see {@link OpenEnvRecordOptions.recordAbandoned}), stops listening, and marks the
   * run directory complete. Idempotent.
   */
  close(): Promise<void>;
}

/** WebSocket close codes the server uses. */
export const CLOSE_CODES = {
  normal: 1000,
  idle: 1001,
  policy: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const;

const DEFAULTS = {
  port: 8000,
  host: '127.0.0.1',
  maxSessions: 64,
  idleTimeoutMs: 300_000,
  maxMessageBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  indexIntervalMs: 1000,
};

/** Starts the server and resolves once it listens. */
export async function startOpenEnvServer(options: OpenEnvServerOptions = {}): Promise<OpenEnvServer> {
  const maxSessions = positiveInteger(options.maxSessions ?? DEFAULTS.maxSessions, 'maxSessions');
  const idleTimeoutMs = positiveInteger(options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs, 'idleTimeoutMs');
  const maxMessageBytes = positiveInteger(options.maxMessageBytes ?? DEFAULTS.maxMessageBytes, 'maxMessageBytes');
  const maxBufferedBytes = positiveInteger(options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes, 'maxBufferedBytes');
  const defaultEnv = options.defaultEnv ?? null;
  const worldSize = parseWorldSize(options.worldSize, 'startOpenEnvServer({ worldSize })');
  const version = options.version ?? null;
  const recording = openRecording(options);

  const open = new Map<WebSocket, OpenEnvSession>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const http: Server = createServer((req, res) => answerHttp(req, res, defaultEnv, version, open.size, maxSessions));

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (pathOf(req) !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (open.size >= maxSessions) {
        send(
          ws,
          errorMessage('CAPACITY_REACHED', `The server holds its maximum of ${maxSessions} sessions; retry later.`, {
            active_sessions: open.size,
            max_sessions: maxSessions,
          }),
        );
        ws.close(CLOSE_CODES.tryAgainLater, 'capacity reached');
        return;
      }
      const session = new OpenEnvSession({
        defaultEnv,
        newEpisodeId: randomUUID,
        ...(worldSize !== undefined ? { worldSize } : {}),
        ...(options.maxActionBytes !== undefined ? { maxActionBytes: options.maxActionBytes } : {}),
        ...(recording ? { recording } : {}),
      });
      open.set(ws, session);
      serveConnection(ws, { session, idleTimeoutMs, maxBufferedBytes, onClose: () => open.delete(ws) });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    recording?.run.close();
    throw e;
  }
  let closing: Promise<void> | undefined;
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}/ws`,
    port: address.port,
    sessions: () => open.size,
    run: recording?.run ?? null,
    close: () => {
      closing ??= (async () => {
        // Sessions first, so the episodes they abandon are in the run before it is closed.
        for (const [ws, session] of open) {
          session.close('the server stopped before the episode ended');
          ws.terminate();
        }
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => http.close(() => resolve()));
        recording?.run.close();
      })();
      return closing;
    },
  };
}

/** Opens the run directory of `options.out` (before listening: a refused directory starts nothing). */
function openRecording(options: OpenEnvServerOptions): EpisodeRecording | null {
  const out = options.out;
  if (!out) return null;
  const run = HostedRun.open(out.dir, {
    resume: out.resume ?? false,
    overwrite: out.overwrite ?? false,
    holder: 'faultline serve',
    maxSteps: null,
    maxActionBytes: options.maxActionBytes ?? DEFAULT_MAX_ACTION_BYTES,
    indexIntervalMs: out.indexIntervalMs ?? DEFAULTS.indexIntervalMs,
  });
  return {
    run,
    recordAbandoned: out.recordAbandoned ?? false,
    ...(out.onError ? { onError: out.onError } : {}),
  };
}

/** Wires one accepted connection to its session. */
function serveConnection(
  ws: WebSocket,
  wiring: {
    readonly session: OpenEnvSession;
    readonly idleTimeoutMs: number;
    readonly maxBufferedBytes: number;
    readonly onClose: () => void;
  },
): void {
  const { session } = wiring;
  const idle = setTimeout(() => {
    session.close(`the connection was idle for ${wiring.idleTimeoutMs} ms and was closed by the server`);
    send(
      ws,
      errorMessage(
        'SESSION_ERROR',
        `The session was idle for ${wiring.idleTimeoutMs} ms and was closed; open a new connection.`,
      ),
    );
    ws.close(CLOSE_CODES.idle, 'idle timeout');
  }, wiring.idleTimeoutMs);
  idle.unref();

  ws.on('message', (data: RawData, isBinary: boolean) => {
    idle.refresh();
    let reply: ServerMessage | null;
    if (isBinary) {
      reply = errorMessage('INVALID_JSON', 'Invalid JSON: binary frames are not accepted; send JSON as a text frame.');
    } else {
      try {
        reply = session.handle(parseClientMessage(textOf(data)));
      } catch (e) {
        reply =
          e instanceof ProtocolError
            ? e.toMessage()
            : errorMessage('EXECUTION_ERROR', e instanceof Error ? e.message : String(e));
      }
    }
    if (reply === null) ws.close(CLOSE_CODES.normal, 'closed by client');
    else if (ws.bufferedAmount > wiring.maxBufferedBytes) {
      // The client is not reading. Its queued replies stay bounded: nothing more is queued but the
      // close frame, and ws destroys the socket if the closing handshake never completes (30 s).
      session.close(`the client stopped reading its replies (over ${wiring.maxBufferedBytes} bytes unsent)`);
      wiring.onClose();
      ws.close(CLOSE_CODES.policy, `send buffer over ${wiring.maxBufferedBytes} bytes; read the replies`);
    } else send(ws, reply);
  });
  // A frame over maxPayload (or a protocol violation) emits 'error'; ws then closes the socket.
  ws.on('error', () => undefined);
  ws.on('close', () => {
    clearTimeout(idle);
    session.close();
    wiring.onClose();
  });
}

/** Sends a reply if the socket is still open. */
function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The HTTP routes: `/health`, `/schema`, `/metadata`, `/openapi.json`; everything else is a JSON 404 or 405. */
function answerHttp(
  req: IncomingMessage,
  res: ServerResponse,
  defaultEnv: string | null,
  version: string | null,
  active: number,
  maxSessions: number,
): void {
  const path = pathOf(req);
  const routes: Record<string, () => unknown> = {
    '/health': () => ({ status: 'healthy', active_sessions: active, max_sessions: maxSessions }),
    '/schema': () => schemaResponse(),
    '/metadata': () => metadataResponse(defaultEnv, version),
    '/openapi.json': () => openApiResponse(),
  };
  const route = routes[path];
  if (!route)
    return json(res, 404, {
      detail: `Not found: ${path.slice(0, 100)}. Routes: GET /health, /schema, /metadata, /openapi.json; WebSocket /ws.`,
    });
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { detail: `${path} answers GET only` });
  try {
    json(res, 200, route());
  } catch (e) {
    json(res, 500, { detail: e instanceof Error ? e.message : String(e) });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || (value === 0 && name !== 'port')) {
    throw new RangeError(`startOpenEnvServer({ ${name} }): expected a positive integer, got ${String(value)}`);
  }
  return value;
}
