/**
 * The errors the model proxy answers with, in OpenAI's error shape
 * (`{"error":{"message","type","param","code"}}`), so a program's OpenAI client raises them as
 * the `APIError` it already knows how to show.
 */
import { isProviderError } from '../../team/provider-error.js';

/** An error answered to the program with an HTTP status. */
export class ProxyHttpError extends Error {
  override name = 'ProxyHttpError';
  constructor(
    /** The HTTP status sent. */
    readonly status: number,
    message: string,
    /** OpenAI's error `code` (e.g. `invalid_json`, `unknown_url`). */
    readonly code: string,
    /** The request field at fault, when there is one. */
    readonly param: string | null = null,
    /**
     * Whether the program's client may retry. False where the proxy already retried (the
     * gateway did) or a retry cannot help; the `openai` clients honour `x-should-retry`.
     */
    readonly retry = false,
  ) {
    super(message);
  }
}

/** OpenAI's error `type` for a status. */
export function errorTypeOf(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 502) return 'upstream_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The JSON body of an error. */
export function errorBody(error: ProxyHttpError): unknown {
  return { error: { message: error.message, type: errorTypeOf(error.status), param: error.param, code: error.code } };
}

/** Statuses of an upstream refusal that are the program's own doing, passed on as they are. */
const PROGRAM_FAULT = new Set([400, 404, 413, 422]);

/**
 * The error answered for a failed model call. A refusal caused by the request itself (a 400 for
 * a bad tool schema, a 404 for an unknown model) keeps its status, so the program sees what it
 * did wrong; anything else — retries spent, a rejected proxy key, a replay miss — is a 502, with
 * no retry from the client (the gateway has retried already). `secret` is scrubbed from the text.
 */
export function upstreamError(error: unknown, secret: string | undefined): ProxyHttpError {
  const raw = error instanceof Error ? error.message : String(error);
  const message = secret !== undefined && secret.length >= 4 ? raw.split(secret).join('[redacted]') : raw;
  if (!isProviderError(error))
    return new ProxyHttpError(502, `The model proxy could not call the model: ${message}`, 'upstream_failed');
  const status = error.status;
  if (status !== null && PROGRAM_FAULT.has(status)) return new ProxyHttpError(status, message, 'upstream_refused');
  const code = /^No recorded answer\b/.test(message) ? 'no_recorded_answer' : 'upstream_failed';
  return new ProxyHttpError(502, message, code);
}
