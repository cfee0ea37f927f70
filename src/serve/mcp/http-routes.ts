/**
 * The routes of the MCP HTTP server, parsed before anything is done: which endpoint a path
 * names, the episode settings of a query string or a `POST /episodes` body, and the request
 * body itself, read up to a cap. Everything a client sends that does not fit becomes an
 * {@link HttpProblem} (a status and a message naming the field), never an exception that escapes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EpisodeHostOptions } from './episode-host.js';
import { parseWorldSize } from '../../world/world-size.js';

/** A request the server answers with an error: the HTTP status and what to tell the client. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The endpoint a path names. */
export type Route =
  | { readonly kind: 'mcp' }
  | { readonly kind: 'mcp-episode'; readonly episode: string; readonly role: string | null }
  | { readonly kind: 'episodes' }
  | { readonly kind: 'episode-state'; readonly episode: string }
  | { readonly kind: 'health' };

/** A safe path segment: an episode id (a UUID) or a role id. Anything else names nothing. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The route of a request path (without its query), or null for a path the server does not serve. */
export function routeOf(pathname: string): Route | null {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const parts = trimmed.split('/').slice(1);
  if (parts.some((p) => !SEGMENT.test(p))) return null;
  const [head, episode, role, ...rest] = parts;
  if (rest.length > 0) return null;
  if (head === 'mcp') {
    if (episode === undefined) return { kind: 'mcp' };
    return { kind: 'mcp-episode', episode, role: role ?? null };
  }
  if (head === 'episodes' && role === undefined)
    return episode === undefined ? { kind: 'episodes' } : { kind: 'episode-state', episode };
  if (head === 'health' && episode === undefined) return { kind: 'health' };
  return null;
}

/** The episode settings a client may give: in the query of `/mcp`, or the body of `POST /episodes`. */
export type EpisodeRequest = Partial<
  Pick<EpisodeHostOptions, 'env' | 'seed' | 'perturb' | 'trial' | 'variant' | 'view' | 'team' | 'worldSize'>
>;

const WHOLE = /^\d{1,10}$/;
const ID = /^[a-z0-9][a-z0-9._/-]{0,127}$/i;

/** Checks one setting; `where` says where it came from (`query` or `body`). */
function setting(field: string, value: unknown, where: string): string | number {
  const bad = (expected: string, fix: string): HttpProblem =>
    new HttpProblem(400, `${where} field "${field}": got ${JSON.stringify(value)}, expected ${expected}; ${fix}.`);
  const numeric = field === 'seed' || field === 'trial' || field === 'variant';
  if (numeric) {
    const max = field === 'seed' ? 2 ** 32 - 1 : 1_000_000;
    const n = typeof value === 'number' ? value : typeof value === 'string' && WHOLE.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 0 || n > max)
      throw bad(`a whole number from 0 to ${max}`, `pass e.g. ${field}=0`);
    return n;
  }
  if (field === 'worldSize') {
    try {
      return parseWorldSize(value, `${where} field "worldSize"`) as number;
    } catch (e) {
      throw new HttpProblem(400, (e as Error).message);
    }
  }
  if (field === 'view') {
    if (value !== 'team' && value !== 'single') throw bad('"team" or "single"', 'pass view=team');
    return value;
  }
  if (typeof value !== 'string' || !ID.test(value))
    throw bad(
      'an id (letters, digits, "-", "_", ".", "/")',
      `pass e.g. ${field === 'env' ? 'env=filesystem/rename-symbol-v1' : field === 'perturb' ? 'perturb=clean' : 'team=mcp'}`,
    );
  return value;
}

const QUERY_FIELDS = ['env', 'seed', 'perturb', 'trial', 'variant', 'view', 'worldSize'] as const;
const BODY_FIELDS = [...QUERY_FIELDS, 'team'] as const;

/** The episode settings of a `/mcp` query string (unknown keys are refused: they are typos). */
export function queryEpisodeRequest(query: URLSearchParams): EpisodeRequest {
  const out: Record<string, string | number> = {};
  for (const key of new Set(query.keys())) {
    if (!(QUERY_FIELDS as readonly string[]).includes(key))
      throw new HttpProblem(400, `query field "${key}" is not known; the query may give ${QUERY_FIELDS.join(', ')}.`);
    const values = query.getAll(key);
    if (values.length > 1)
      throw new HttpProblem(400, `query field "${key}" is given ${values.length} times; give it once.`);
    out[key] = setting(key, values[0], 'query');
  }
  return out;
}

/** The episode settings of a `POST /episodes` body. */
export function bodyEpisodeRequest(body: unknown): EpisodeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpProblem(
      400,
      'the body must be a JSON object such as {"env": "filesystem/rename-symbol-v1", "seed": 0}.',
    );
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(BODY_FIELDS as readonly string[]).includes(key))
      throw new HttpProblem(400, `body field "${key}" is not known; the body may give ${BODY_FIELDS.join(', ')}.`);
    if (value !== undefined && value !== null) out[key] = setting(key, value, 'body');
  }
  return out;
}

/**
 * Reads a request's body as JSON, at most `maxBytes` of it (more: 413). An empty body is
 * `undefined`. Rejects with an {@link HttpProblem} for a body too large or not JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (e) {
    throw new HttpProblem(400, `the body is not JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(
    413,
    `the request body is over ${maxBytes} bytes; send less (one tool call's arguments at a time).`,
  );
}

/** JSON-RPC error codes used in HTTP error bodies. */
export const RPC_ERRORS = { parse: -32700, invalidRequest: -32600, server: -32000, notFound: -32001 } as const;

/** Answers with a JSON body (unless the response is already under way). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Answers with a JSON-RPC error body, as MCP clients expect from the MCP endpoints. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const code = status === 400 ? RPC_ERRORS.invalidRequest : status === 404 ? RPC_ERRORS.notFound : RPC_ERRORS.server;
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}
