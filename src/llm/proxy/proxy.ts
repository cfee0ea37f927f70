/**
 * The model proxy: a local OpenAI-compatible endpoint (`node:http` on 127.0.0.1) that an external
 * agent program uses as its `OPENAI_BASE_URL`. Each chat completion goes through the model
 * gateway — cassette, limiter, retries, the `openai` client with the key from the proxy's own
 * environment (the program's Authorization header is ignored) — tagged with the episode, role
 * and ordinal from the path, and becomes a `ModelCallRecord` queued under (episode, role), so
 * the host can attach the calls to the step they led to (`takeTurn`) and sum the episode's
 * usage (`endEpisode`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertSafeId } from '../../core/safe-id.js';
import type { ModelCallRecord, StepTurn } from '../../team/turn.js';
import { modelCallRecord } from '../gateway/call-record.js';
import { apiKeyOf } from '../gateway/client.js';
import { createModelGateway } from '../gateway/gateway.js';
import type { ChatCall, RoleModelSettings } from '../types.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody, readBody } from './body.js';
import { CallLog } from './call-log.js';
import { parseChatRequest } from './chat-request.js';
import { completionBody, completionChunks } from './completion.js';
import { modelsAnswer } from './models.js';
import { DEFAULT_STREAM_HEARTBEAT_MS, sendStreamError, startHeartbeat } from './heartbeat.js';
import { ProxyHttpError, upstreamError } from './errors.js';
import { checkProxyOptions, type ModelProxyOptions } from './options.js';
import { sendError, sendEvents, sendJson } from './respond.js';
import { basePath, routeOf, type ProxyRoute } from './route.js';

/** A running model proxy. */
export interface ModelProxy {
  /** The proxy's root URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The base URL a program uses as `OPENAI_BASE_URL` for one episode's role: `URL/e/EPISODE/ROLE/v1`. */
  baseUrlFor(episodeId: string, role: string): string;
  /**
   * The model calls made for (episode, role) since the last take, as a `StepTurn` (undefined when
   * none). Call it once per env step, for the role that took it: the number of takes so far is the
   * step sent upstream with the episode's next calls (unless `options.stepOf` says otherwise).
   */
  takeTurn(episodeId: string, role: string): StepTurn | undefined;
  /** Every call of an episode so far (for its usage), in ordinal order, and forgets the episode. */
  endEpisode(episodeId: string): readonly ModelCallRecord[];
  /** Stops listening; calls in flight are aborted and open connections closed. */
  close(): Promise<void>;
}

/** Starts a model proxy (see the module comment). Throws for a bad option before listening. */
export async function startModelProxy(options: ModelProxyOptions): Promise<ModelProxy> {
  checkProxyOptions(options);
  const { provider } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const heartbeatMs = options.streamHeartbeatMs ?? DEFAULT_STREAM_HEARTBEAT_MS;
  const cache = options.cache !== undefined && options.cache !== null ? { cassette: options.cache } : {};
  const gateway = createModelGateway({ ...options.gateway, ...cache });
  const log = new CallLog();
  const inFlight = new Set<AbortController>();
  const stepOf = options.stepOf ?? ((episodeId: string) => log.episode(episodeId).turnsTaken);

  const chat = async (route: ProxyRoute, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => {
    const program = parseChatRequest(parseJsonBody(await readBody(req, maxBody)), options.model);
    const settings: RoleModelSettings = {
      model: program.request.model,
      provider,
      ...(options.prices !== undefined ? { prices: options.prices } : {}),
    };
    const calls = log.episode(route.episodeId);
    const step = stepOf(route.episodeId);
    const ordinal = log.nextOrdinal(calls);
    const call: ChatCall = {
      episodeId: route.episodeId,
      role: route.role,
      step,
      ordinal,
      settings,
      request: program.request,
    };
    const heartbeat = program.stream ? startHeartbeat(res, heartbeatMs) : null;
    let answer;
    try {
      answer = await gateway.complete(call, signal);
    } catch (e) {
      log.giveBack(calls, ordinal);
      if (signal.aborted) return;
      const error = upstreamError(e, apiKeyOf(provider));
      if (heartbeat?.started === true) return sendStreamError(res, error);
      throw error;
    } finally {
      heartbeat?.stop();
    }
    log.add(route.episodeId, calls, route.role, modelCallRecord(call, answer));
    if (program.stream) sendEvents(res, completionChunks(answer, program.request.model, program.includeUsage));
    else sendJson(res, 200, completionBody(answer, program.request.model));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    inFlight.add(controller);
    res.on('close', () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    try {
      const route = routeOf(req.url ?? '/');
      const method = req.method ?? 'GET';
      const wanted = route.endpoint === 'chat' ? 'POST' : 'GET';
      if (method !== wanted)
        throw new ProxyHttpError(
          405,
          `${method} is not allowed on ${route.endpoint === 'chat' ? '/v1/chat/completions' : '/v1/models'}; use ${wanted}.`,
          'method_not_allowed',
        );
      if (route.endpoint !== 'chat') {
        req.resume();
        return sendJson(res, 200, modelsAnswer(route, options.model));
      }
      await chat(route, req, res, controller.signal);
    } catch (e) {
      // The body of a refused request is read and dropped, so the connection can be kept alive.
      if (!req.readableEnded) req.resume();
      if (e instanceof ProxyHttpError) return sendError(res, e);
      // A bug of the proxy's own: answered, never a crash (and never with the key).
      sendError(res, upstreamError(e, apiKeyOf(provider)));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.destroy();
    });
  });
  // A client that sends garbage HTTP gets a 400 from Node; the proxy itself never throws for it.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | null = null;

  return {
    url,
    baseUrlFor(episodeId, role) {
      assertSafeId('episodeId', episodeId);
      assertSafeId('role', role);
      return `${url}${basePath(episodeId, role)}`;
    },
    takeTurn: (episodeId, role) => log.takeTurn(episodeId, role),
    endEpisode: (episodeId) => log.end(episodeId),
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const c of inFlight) c.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
