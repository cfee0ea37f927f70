/**
 * A small OpenAI-compatible chat completions server on 127.0.0.1 for the gateway's tests: each
 * request is answered by the next step of a script (an answer, an error status with headers, a
 * delay, or a dropped connection), and every request is kept (body and headers) for assertions.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Step =
  | { readonly reply: unknown; readonly delayMs?: number; readonly headers?: Record<string, string> }
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly drop: true }
  /** Sent as is, with this content type (for answers that are not JSON, or broken JSON). */
  | { readonly raw: string; readonly contentType: string };

/** A request the server received. */
export interface Received {
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

/** A running server. */
export interface ChatServer {
  readonly baseUrl: string;
  readonly received: Received[];
  /** Steps still to play; when empty, `fallback` answers. */
  readonly script: Step[];
  close(): Promise<void>;
}

/** A completion with the given message and usage, as OpenAI sends it. */
export function completion(message: Record<string, unknown>, usage?: Record<string, unknown>): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, ...message } }],
    ...(usage !== undefined ? { usage } : {}),
  };
}

/** Starts a server playing `script`, then answering with `fallback`. */
export async function startChatServer(
  script: Step[] = [],
  fallback: Step = { reply: completion({ content: 'ok' }) },
): Promise<ChatServer> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
      received.push({ body, headers: req.headers });
      const step = script.shift() ?? fallback;
      if ('drop' in step) {
        req.socket.destroy();
        return;
      }
      if ('raw' in step) {
        res.writeHead(200, { 'content-type': step.contentType });
        res.end(step.raw);
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        const status = 'status' in step ? step.status : 200;
        const payload = 'status' in step ? (step.body ?? { error: { message: `status ${status}` } }) : step.reply;
        res.writeHead(status, { 'content-type': 'application/json', ...(step.headers ?? {}) });
        res.end(JSON.stringify(payload));
      };
      if ('delayMs' in step && step.delayMs !== undefined) setTimeout(send, step.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
