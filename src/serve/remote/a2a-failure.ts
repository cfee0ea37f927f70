/**
 * Telling apart the ways an A2A call fails: what is worth another attempt (the agent could not
 * be reached, or its server was overloaded or restarting) from what the same request would hit
 * again (the agent answered with an error, or something that is not A2A).
 */

/**
 * An HTTP answer from the agent's server that says nothing of the message (429, or a 5xx that
 * is not a JSON-RPC error of the agent): the request may be sent again.
 */
export class TransientHttpError extends Error {
  override name = 'TransientHttpError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body}` : ''}`);
  }
}

/** Socket and DNS error codes of a request that never reached the agent, or lost its connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The network error code in an error or its causes (undici wraps it in `TypeError: fetch failed`). */
export function networkCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** True when an attempt failed in a way another attempt may not. */
export function isTransient(error: unknown): boolean {
  return error instanceof TransientHttpError || networkCode(error) !== null;
}

/** A short description of an error and its cause, for messages. */
export function describeFailure(error: unknown): string {
  if (error instanceof TransientHttpError) return error.message;
  const code = networkCode(error);
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && error.cause.message !== '' ? ` (${error.cause.message})` : '';
  return code !== null && !`${error.message}${cause}`.includes(code)
    ? `${error.message}${cause} [${code}]`
    : `${error.message}${cause}`;
}

/** True when a response body is a JSON-RPC error envelope: the agent's own answer. */
function isJsonRpcError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'jsonrpc' in parsed && 'error' in parsed;
  } catch {
    return false;
  }
}

/**
 * A `fetch` for the SDK that adds `headers` to every request and turns a 429 or a 5xx that is
 * not a JSON-RPC error into a {@link TransientHttpError} (the SDK would read it as a protocol
 * error). Other answers pass through for the SDK to read.
 */
export function retryingFetch(
  base: typeof fetch,
  headers: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): typeof fetch {
  return async (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined && s !== null);
    const response = await base(input, {
      ...init,
      headers: merged,
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
    if (response.status !== 429 && response.status < 500) return response;
    const body = await response.text().catch(() => '');
    if (response.status >= 500 && isJsonRpcError(body))
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    throw new TransientHttpError(response.status, body.slice(0, 300));
  };
}
