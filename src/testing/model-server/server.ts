/**
 * The scripted model server: a real `node:http` server on 127.0.0.1 speaking OpenAI's
 * chat-completions API, whose answers a test programs request by request. The real `openai`
 * client (or any OpenAI-compatible client) talks to it as to a provider, so the whole path —
 * HTTP, headers, status codes, retries, timeouts — is exercised offline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gate, shown } from './gate.js';
import { completionBody, errorBody, errorTypeOf } from './replies.js';
import { bearerKey, faultlineFields, keptHeaders } from './request-record.js';
import type {
  AnswerFacts,
  RecordedAnswer,
  Responder,
  ScriptedChatRequest,
  ScriptedModelRequest,
  ScriptedReply,
} from './types.js';

/** How to start a {@link ScriptedModelServer}. */
export interface ScriptedModelServerOptions {
  /** Answers each chat-completions request; replace it later with `setResponder`. */
  readonly respond: Responder;
  /** When set, any other bearer key (or none) gets a 401 `invalid_api_key`. */
  readonly apiKey?: string;
  /** When set, a request for another model gets a 404 `model_not_found`; `GET /v1/models` lists them. */
  readonly models?: readonly string[];
  /** The largest request body accepted (413 beyond). @defaultValue 16 MiB */
  readonly maxBodyBytes?: number;
  /**
   * Whether `requests` keeps every request. Turn it off for long benchmarks, where the
   * conversations' bodies would pile up in memory. @defaultValue true
   */
  readonly recordRequests?: boolean;
  /** The port to listen on (on 127.0.0.1). @defaultValue 0 (a free port) */
  readonly port?: number;
}

/** A running scripted model server. */
export interface ScriptedModelServer {
  /** The base URL, ending in `/v1`: what `new OpenAI({ baseURL })` takes. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order, with what was answered (credentials never kept; empty with `recordRequests: false`). */
  readonly requests: readonly ScriptedModelRequest[];
  /** Programs the answers of the requests that arrive from now on. */
  setResponder(respond: Responder): void;
  /** Stops the server: pending answers are cancelled and open connections closed. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const REPLY_KINDS: ReadonlySet<string> = new Set(['tool_calls', 'text', 'error', 'drop']);

/** Starts a scripted OpenAI-compatible server on 127.0.0.1, at a free port unless `options.port` names one. */
export async function startScriptedModelServer(options: ScriptedModelServerOptions): Promise<ScriptedModelServer> {
  let respond = options.respond;
  const records: ScriptedModelRequest[] = [];
  const pending = new Set<AbortController>();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const keep = options.recordRequests ?? true;
  let received = 0;
  const settle = (index: number, recorded: RecordedAnswer) => {
    if (keep) records[index] = Object.freeze({ ...records[index]!, answer: recorded });
  };
  const answer = (index: number, res: ServerResponse, recorded: RecordedAnswer, send: () => void) => {
    settle(index, recorded);
    if (!res.destroyed) send();
  };
  const sendJson = (
    index: number,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
    facts: AnswerFacts = { delayMs: 0 },
  ) => {
    const recorded: RecordedAnswer =
      status === 200
        ? { kind: 'completion', status, body, ...facts }
        : { kind: 'error', status, body, headers, ...facts };
    answer(index, res, recorded, () => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      res.writeHead(status, { 'content-type': type, ...headers }).end(text);
    });
  };
  const sendError = (index: number, res: ServerResponse, status: number, message: string, code: string | null) =>
    sendJson(index, res, status, errorBody(message, errorTypeOf(status), code));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    pending.add(controller);
    res.on('close', () => {
      pending.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    const raw = await readBody(req, maxBody);
    const headers = keptHeaders(req.headers);
    const path = (req.url ?? '/').split('?')[0]!;
    const key = bearerKey(req.headers);
    const index = received++;
    let body: unknown = raw.text;
    let parsed = false;
    if (raw.text !== null && raw.text !== '') {
      try {
        body = JSON.parse(raw.text);
        parsed = true;
      } catch {
        // Kept as text: a bad body is answered below.
      }
    } else body = null;
    const record: ScriptedModelRequest = Object.freeze({
      index,
      method: req.method ?? 'GET',
      path,
      headers: Object.freeze(headers),
      authorized: options.apiKey === undefined || key === options.apiKey,
      ...faultlineFields(headers),
      body,
    });
    if (keep) records.push(record);

    const outcome = gate(record, {
      models: options.models,
      maxBodyBytes: maxBody,
      keyGiven: key !== undefined,
      tooLarge: raw.tooLarge,
      parsed,
    });
    if (outcome.kind === 'reject') return sendError(index, res, outcome.status, outcome.message, outcome.code);
    if (outcome.kind === 'answer') return sendJson(index, res, 200, outcome.body);

    const request: ScriptedChatRequest = { ...record, body: outcome.body };
    let reply: ScriptedReply;
    try {
      reply = await respond(request, { signal: controller.signal, parallel: false });
      if (reply === null || typeof reply !== 'object' || !REPLY_KINDS.has(reply.kind))
        throw new Error(
          `it returned ${shown(String(JSON.stringify(reply)))}, expected a reply of kind tool_calls, text, error or drop`,
        );
    } catch (e) {
      return sendError(
        index,
        res,
        500,
        `The scripted responder failed: ${e instanceof Error ? e.message : String(e)}`,
        'responder_failed',
      );
    }
    const delayMs = reply.delayMs ?? 0;
    const faults = reply.faults !== undefined && reply.faults.length > 0 ? { faults: [...reply.faults] } : {};
    const facts: AnswerFacts = { delayMs, ...faults };
    // The client may have gone while the responder or the delay ran.
    if ((delayMs > 0 && !(await sleep(delayMs, controller.signal))) || controller.signal.aborted)
      return settle(index, { kind: 'aborted', ...faults });
    switch (reply.kind) {
      case 'drop':
        return answer(index, res, { kind: 'drop', ...facts }, () => req.socket.destroy());
      case 'error': {
        const body =
          reply.body ??
          errorBody(
            reply.message ?? `Scripted error ${reply.status}.`,
            reply.type ?? errorTypeOf(reply.status),
            reply.code ?? null,
          );
        return sendJson(index, res, reply.status, body, reply.headers ?? {}, facts);
      }
      default:
        return sendJson(index, res, 200, completionBody(request, reply), {}, facts);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the server itself: answer rather than leave the client hanging.
      if (!res.headersSent && !res.destroyed)
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify(errorBody(`scripted server error: ${String(e)}`, 'server_error', null)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return records.slice();
    },
    setResponder(next: Responder) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of pending) c.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request's body as text (null when empty), or that it was over the limit. */
async function readBody(req: IncomingMessage, limit: number): Promise<{ text: string | null; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    // Past the limit the rest is read and dropped, so the 413 can still be sent.
    else chunks.push(chunk);
  }
  return { text: size === 0 ? null : Buffer.concat(chunks).toString('utf8'), tooLarge };
}

/** Waits `ms` of wall-clock time; false when `signal` aborts first (the timer is cleared). */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
