/**
 * Retries of a model call. A provider failure is not a team failure: 429 (after the wait the
 * provider asks for), 408, 409, 5xx, timeouts and dropped connections are retried with capped
 * exponential backoff; the jitter is drawn from the request key and the attempt number, so two
 * episodes hitting the same limit spread out without `Math.random`. Out of retries, the call
 * fails with a non-fatal {@link ProviderError} (the episode is `provider_error`, re-run by
 * `--resume`). A rejected key or an unknown model fails fatally at once: no episode can succeed.
 */
import { createHash } from 'node:crypto';
import type { APIError } from 'openai';
import { openAiSdk, type OpenAiSdk } from './openai-sdk.js';
import { ProviderError, isProviderError } from '../../team/provider-error.js';
import type { ProviderAttempt } from '../../team/turn.js';
import { retryDelayFromHeaders } from './rate-headers.js';
import { redact } from './redact.js';
import { abortReason, sleep } from './sleep.js';

/** How a call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. @defaultValue 6 */
  readonly maxRetries: number;
  /** The first backoff, doubled at each retry (before jitter). @defaultValue 500 */
  readonly baseMs: number;
  /** The cap on any one wait, also on a wait the provider asks for. @defaultValue 60000 */
  readonly maxWaitMs: number;
}

/** The default {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxRetries: 6, baseMs: 500, maxWaitMs: 60_000 });

/** Who is being called, for error messages (and the secret to scrub from them). */
export interface ProviderTarget {
  readonly model: string;
  readonly baseUrl: string;
  readonly apiKeyEnv: string;
  /** Strings that must never appear in a message (the API key). */
  readonly secrets: readonly (string | undefined)[];
}

/** What to do about a failed attempt. */
export type FailureClass =
  | { readonly kind: 'retry'; readonly status: number | null; readonly error: string; readonly waitMs: number | null }
  | { readonly kind: 'fatal' | 'fail'; readonly status: number | null; readonly error: string };

/**
 * Classifies a failed attempt. `waitMs` of a retry is the wait the provider asked for (null:
 * use the backoff). `nowMs` is the wall clock, for an HTTP-date `retry-after`; `sdk` is the
 * `openai` module whose error classes the client throws.
 */
export function classifyFailure(error: unknown, target: ProviderTarget, nowMs: number, sdk: OpenAiSdk): FailureClass {
  const text = (e: unknown) => redact(describeError(e), target.secrets);
  if (error instanceof sdk.APIConnectionError) return { kind: 'retry', status: null, error: text(error), waitMs: null };
  if (!(error instanceof sdk.APIError)) return { kind: 'fail', status: null, error: text(error) };
  const api = error as APIError<number | undefined, Headers | undefined>;
  if (api.status === undefined) return { kind: 'fail', status: null, error: text(error) };
  const status: number = api.status;
  const code: unknown = api.code;
  const message = text(error);
  // A wait the provider asks for is honoured on any retried status (a 503 or a 502 may ask too).
  if (status === 429 || status === 408 || status === 409 || status >= 500)
    return { kind: 'retry', status, error: message, waitMs: retryDelayFromHeaders(api.headers, nowMs) };
  if (status === 401 || status === 403)
    return {
      kind: 'fatal',
      status,
      error:
        `The provider at ${target.baseUrl} rejected the API key in $${target.apiKeyEnv} (HTTP ${status}): ${message}. ` +
        `Fix: set ${target.apiKeyEnv} to a valid key for this server, or check the key's access to model ${JSON.stringify(target.model)}.`,
    };
  if (status === 404) {
    const aboutModel = code === 'model_not_found' || /does not exist|model/i.test(message);
    return {
      kind: 'fatal',
      status,
      error: aboutModel
        ? `Unknown model ${JSON.stringify(target.model)} at ${target.baseUrl}: ${message}. Fix: check --model (or the role's model in the team file); the server lists its models at ${target.baseUrl.replace(/\/+$/, '')}/models.`
        : `The provider at ${target.baseUrl} has no chat completions endpoint (HTTP 404): ${message}. Fix: check --base-url (OpenAI-compatible servers usually end in /v1).`,
    };
  }
  return { kind: 'fail', status, error: message };
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error && e.cause.message !== '' ? ` (${e.cause.message})` : '';
  return `${e.message}${cause}`;
}

/**
 * The backoff before retry number `attempt` (1-based): `baseMs · 2^(attempt-1)`, capped at
 * `maxWaitMs`, times a jitter factor in [0.5, 1) drawn from the request key and the attempt.
 */
export function backoffMs(key: string, attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxWaitMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  const hash = createHash('sha256').update(`${key}:${attempt}`).digest();
  const unit = hash.readUInt32BE(0) / 2 ** 32;
  return Math.round(ceiling * (0.5 + unit / 2));
}

/** The successful result of a call, with the failed attempts before it. */
export interface Retried<T> {
  readonly value: T;
  readonly attempts: readonly ProviderAttempt[];
}

/**
 * Runs `attempt` until it succeeds, retrying as {@link classifyFailure} says. Waits abort with
 * `signal` (its reason is thrown). A `ProviderError` thrown by `attempt` passes through as is.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  options: {
    readonly key: string;
    readonly policy: RetryPolicy;
    readonly signal: AbortSignal;
    readonly target: ProviderTarget;
  },
): Promise<Retried<T>> {
  const { key, policy, signal, target } = options;
  const attempts: ProviderAttempt[] = [];
  const sdk = await openAiSdk();
  for (let n = 1; ; n++) {
    if (signal.aborted) throw abortReason(signal);
    try {
      return { value: await attempt(n), attempts };
    } catch (error) {
      if (signal.aborted || error instanceof sdk.APIUserAbortError) throw signal.aborted ? abortReason(signal) : error;
      if (isProviderError(error)) throw error;
      // The wall clock only dates an HTTP-date retry-after; it never reaches a digest.
      const failure = classifyFailure(error, target, Date.now(), sdk);
      if (failure.kind === 'fatal') throw new ProviderError(failure.error, { fatal: true, status: failure.status });
      const last = failure.kind === 'fail' || n > policy.maxRetries;
      const wait = last
        ? 0
        : Math.round(
            Math.min(
              policy.maxWaitMs,
              failure.kind === 'retry' && failure.waitMs !== null ? failure.waitMs : backoffMs(key, n, policy),
            ),
          );
      attempts.push({ status: failure.status, error: failure.error, waitedMs: wait });
      if (last) throw giveUp(failure, attempts, target);
      await sleep(wait, signal);
    }
  }
}

function giveUp(failure: FailureClass, attempts: readonly ProviderAttempt[], target: ProviderTarget): ProviderError {
  const who = `Model ${JSON.stringify(target.model)} at ${target.baseUrl}`;
  if (failure.kind === 'fail')
    return new ProviderError(
      failure.status !== null
        ? `${who} refused the request (HTTP ${failure.status}): ${failure.error}. It is not retried: the same request would fail again.`
        : `${who} sent an answer that could not be read: ${failure.error}. The episode is errored; check that the server speaks the OpenAI chat completions API.`,
      { status: failure.status },
    );
  const list = attempts
    .map(
      (a, i) =>
        `${i + 1}) ${a.status ?? 'no response'}: ${a.error}${a.waitedMs > 0 ? ` (waited ${a.waitedMs} ms)` : ''}`,
    )
    .join('; ');
  return new ProviderError(
    `${who} could not answer after ${attempts.length} attempts: ${list}. The episode is errored (re-run it with --resume); if the provider is rate limiting, lower --concurrency or set --rpm/--tpm.`,
    { status: failure.status },
  );
}
