/**
 * Reading a request body with a size limit. Past the limit the rest is read and dropped rather
 * than the socket cut, so the program's client gets the 413 instead of a connection reset while
 * it is still sending.
 */
import type { IncomingMessage } from 'node:http';
import { ProxyHttpError } from './errors.js';

/** The default limit on a request body: 8 MiB (a long conversation with tool results fits). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The body as text, or a 413 naming the limit. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit)
    throw new ProxyHttpError(
      413,
      `The request body is ${size} bytes, over the model proxy's limit of ${limit} bytes (maxBodyBytes). ` +
        'Fix: shorten the conversation (drop or summarise old tool results), or start the proxy with a larger maxBodyBytes.',
      'request_too_large',
    );
  return Buffer.concat(chunks).toString('utf8');
}

/** The body parsed as JSON, or a 400 naming the problem. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '')
    throw new ProxyHttpError(
      400,
      'The request body is empty, expected a JSON chat completions request such as {"model":"…","messages":[…]}.',
      'invalid_json',
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const problem = e instanceof Error ? e.message : String(e);
    throw new ProxyHttpError(
      400,
      `The request body is not valid JSON (${problem}); expected a chat completions request such as {"model":"…","messages":[…]}. ` +
        'Fix: send Content-Type: application/json with a JSON body.',
      'invalid_json',
    );
  }
}
