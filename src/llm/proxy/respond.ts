/**
 * Writing the proxy's answers: JSON, server-sent events and errors. Nothing from the program's
 * request headers or the upstream's response headers is ever echoed.
 */
import type { ServerResponse } from 'node:http';
import { errorBody, type ProxyHttpError } from './errors.js';

/** Sends a JSON body (unless the program already went away). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    })
    .end(text);
}

/** Sends an error in OpenAI's shape, with `x-should-retry` telling the program's client whether to retry. */
export function sendError(res: ServerResponse, error: ProxyHttpError): void {
  sendJson(res, error.status, errorBody(error), { 'x-should-retry': String(error.retry) });
}

/** Starts an event stream: the status and headers. */
export function startEvents(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
}

/** Sends `chunks` as server-sent events (starting the stream unless a keep-alive did), then `data: [DONE]`. */
export function sendEvents(res: ServerResponse, chunks: readonly unknown[]): void {
  if (res.destroyed || res.writableEnded) return;
  if (!res.headersSent) startEvents(res);
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  res.end('data: [DONE]\n\n');
}
