/**
 * One JSON request to an Agent Protocol agent, with retries. A transient failure — the
 * connection refused or dropped, HTTP 408, 429 or 5xx — is retried with capped exponential
 * backoff (the jitter drawn from the request, as the model gateway does: no `Math.random`), and
 * a wait the agent asks for (`retry-after`) is honoured up to the cap. Out of retries the call
 * fails `unreachable`; past its deadline `timeout`; an answer that is not JSON, or another HTTP
 * status, fails `protocol` at once (the same request would fail again).
 */
import { backoffMs, type RetryPolicy } from '../../llm/gateway/retry.js';
import { retryDelayFromHeaders } from '../../llm/gateway/rate-headers.js';
import { sleep } from '../../llm/gateway/sleep.js';
import { RemoteAgentError, type RemoteFailure } from './remote-agent.js';

/** Who is called and for what, for error messages and the backoff's jitter. */
export interface AgentProtocolCallContext {
  /** The agent's base URL. */
  readonly endpoint: string;
  /** `role "executor", episode "…", turn 2` — says which turn failed. */
  readonly who: string;
  /** Aborted by the turn's deadline or by the caller. */
  readonly signal: AbortSignal;
  /** Aborted only by the client's own deadline (to tell `timeout` from an abort by the caller). */
  readonly deadline: { readonly signal: AbortSignal; readonly ms: number };
  readonly policy: RetryPolicy;
  /** Extra request headers (authorization); never shown in a message. */
  readonly headers: Readonly<Record<string, string>>;
}

/** One failed attempt, kept for the message of the final failure. */
interface Attempt {
  readonly status: number | null;
  readonly error: string;
  readonly waitedMs: number;
}

class Transient extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly waitMs: number | null,
  ) {
    super(message);
  }
}

/** The longest piece of an answer's body quoted in a message. */
const SNIPPET = 200;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat);
}

function networkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const detail = typeof cause?.message === 'string' && cause.message !== '' ? cause.message : '';
  return [error.message, code !== '' && !detail.includes(code) ? code : '', detail].filter((s) => s !== '').join(': ');
}

/** Builds the error of a failed call. */
export function agentProtocolError(
  context: Pick<AgentProtocolCallContext, 'endpoint' | 'who'>,
  failure: RemoteFailure,
  what: string,
  fix: string,
  cause?: unknown,
): RemoteAgentError {
  return new RemoteAgentError(
    'agent-protocol',
    context.endpoint,
    failure,
    `Agent Protocol agent at ${context.endpoint} (${context.who}): ${what}. Fix: ${fix}.`,
    cause === undefined ? undefined : { cause },
  );
}

/** The error of a call stopped by its signal: the client's deadline, or the caller's abort. */
export function abortedError(context: AgentProtocolCallContext, doing: string): RemoteAgentError {
  if (context.deadline.signal.aborted)
    return agentProtocolError(
      context,
      'timeout',
      `no reply within ${context.deadline.ms} ms while ${doing}`,
      "make the agent answer faster, or raise the client's timeoutMs",
      context.signal.reason,
    );
  const reason: unknown = context.signal.reason;
  const why = reason instanceof Error && reason.message !== '' ? `: ${reason.message}` : '';
  return agentProtocolError(
    context,
    'timeout',
    `the turn was stopped while ${doing}${why}`,
    "give the turn more time (the episode's turn timeout), or make the agent answer faster",
    reason,
  );
}

async function attemptOnce(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  context: AgentProtocolCallContext,
  doing: string,
): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...context.headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: context.signal,
    });
    text = await response.text();
  } catch (error) {
    if (context.signal.aborted) throw abortedError(context, doing);
    // Refused, reset, DNS: the request may not have reached the agent.
    throw new Transient(null, networkError(error), null);
  }
  const { status } = response;
  if (status === 408 || status === 429 || status >= 500)
    throw new Transient(status, `HTTP ${status} ${snippet(text)}`, retryDelayFromHeaders(response.headers, Date.now()));
  if (status < 200 || status > 299)
    throw agentProtocolError(
      context,
      'protocol',
      `${doing} was refused with HTTP ${status} ${snippet(text)} (${method} ${url})`,
      status === 404
        ? 'check the base URL: the agent must serve the Agent Protocol under /ap/v1/agent (and keep its tasks while an episode runs)'
        : 'check that the agent implements the Agent Protocol v1 request bodies ({ input, additional_input })',
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw agentProtocolError(
      context,
      'protocol',
      `the answer to ${doing} is not JSON: ${snippet(text)} (${method} ${url}, HTTP ${status})`,
      'the agent must answer Agent Protocol objects as application/json',
      error,
    );
  }
}

/**
 * Sends `method url` with a JSON `body` (none for GET) and resolves with the parsed JSON answer.
 * `doing` names the call in messages ("creating the task"). Rejects with a RemoteAgentError.
 */
export async function agentProtocolCall(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  context: AgentProtocolCallContext,
  doing: string,
): Promise<unknown> {
  const attempts: Attempt[] = [];
  for (let n = 1; ; n++) {
    if (context.signal.aborted) throw abortedError(context, doing);
    try {
      return await attemptOnce(method, url, body, context, doing);
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      const last = n > context.policy.maxRetries;
      const wait = last
        ? 0
        : Math.round(
            Math.min(context.policy.maxWaitMs, error.waitMs ?? backoffMs(`${url}:${doing}`, n, context.policy)),
          );
      attempts.push({ status: error.status, error: error.message, waitedMs: wait });
      if (last) {
        const list = attempts
          .map((a, i) => `${i + 1}) ${a.error}${a.waitedMs > 0 ? ` (then waited ${a.waitedMs} ms)` : ''}`)
          .join('; ');
        const refused = attempts.every((a) => a.status === null);
        throw agentProtocolError(
          context,
          'unreachable',
          `${doing} failed after ${attempts.length} attempts (${method} ${url}): ${list}`,
          refused
            ? 'start the agent, or check its base URL (the url of the role in the team file)'
            : "check the agent's logs: it fails on this request; if it is rate limiting, give it more capacity or fewer episodes at once (--concurrency)",
          error,
        );
      }
      try {
        await sleep(wait, context.signal);
      } catch {
        throw abortedError(context, doing);
      }
    }
  }
}
