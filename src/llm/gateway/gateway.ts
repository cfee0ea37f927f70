/**
 * The model gateway: every model call of an LLM agent goes through it. For each call: its key →
 * the cassette (a hit is answered from it) → a permit from the run's request limiter → the
 * `openai` client, retried as `retry.ts` says → the answer normalised, recorded in the cassette,
 * and returned with its usage, latency and the failed attempts before it.
 */
import { performance } from 'node:perf_hooks';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { FaultlineError, InvalidArgumentError } from '../../core/errors.js';
import { ProviderError } from '../../team/provider-error.js';
import type { ModelMessage, TokenUsage } from '../../team/turn.js';
import { requestLimiter } from '../limiter-registry.js';
import {
  FAULTLINE_HEADERS,
  type CassetteMode,
  type ChatAnswer,
  type ChatCall,
  type ModelGateway,
  type RequestLimiter,
} from '../types.js';
import { Cassette } from './cassette.js';
import { apiKeyOf, openAiClient } from './client.js';
import { normaliseMessage, normaliseUsage } from './normalise.js';
import { displayUrl, scrubMessage } from './redact.js';
import { hashRequest } from './request-key.js';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry.js';

/** The default timeout of one attempt, in ms (a slow model on a long prompt may take minutes). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** Characters per token in the limiter's estimate of a request (a rough, conservative rule). */
const CHARS_PER_TOKEN = 4;

/** How a {@link createModelGateway} gateway calls models. */
export interface ModelGatewayOptions {
  /** `--llm-cache DIR` and `--llm-cache-mode`; absent or mode `off`: every call is live. */
  readonly cassette?: { readonly dir: string; readonly mode: CassetteMode };
  /** Retries after a call's first attempt. @defaultValue 6 */
  readonly maxRetries?: number;
  /** The first retry backoff in ms (doubled each retry, with jitter). @defaultValue 500 */
  readonly retryBaseMs?: number;
  /** The cap on one retry wait in ms, also on a wait the provider asks for. @defaultValue 60000 */
  readonly maxRetryWaitMs?: number;
  /** The timeout of one attempt in ms. @defaultValue 120000 */
  readonly requestTimeoutMs?: number;
  /** The limiter each attempt asks for a permit. @defaultValue the thread's `requestLimiter()` */
  readonly limiter?: () => RequestLimiter;
}

function integerAtLeast(field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new InvalidArgumentError(field, value, `an integer ≥ ${min}`, `pass a whole number of at least ${min}`);
  return value;
}

/** Every cassette mode. */
const CASSETTE_MODES: readonly CassetteMode[] = ['record', 'replay', 'auto', 'off'];

/** A gateway with the given options (see {@link ModelGatewayOptions}). */
export function createModelGateway(options: ModelGatewayOptions = {}): ModelGateway {
  const policy: RetryPolicy = {
    maxRetries: integerAtLeast('maxRetries', options.maxRetries, DEFAULT_RETRY_POLICY.maxRetries, 0),
    baseMs: integerAtLeast('retryBaseMs', options.retryBaseMs, DEFAULT_RETRY_POLICY.baseMs, 0),
    maxWaitMs: integerAtLeast('maxRetryWaitMs', options.maxRetryWaitMs, DEFAULT_RETRY_POLICY.maxWaitMs, 0),
  };
  const timeoutMs = integerAtLeast('requestTimeoutMs', options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, 1);
  const limiterOf = options.limiter ?? requestLimiter;
  const mode = options.cassette?.mode ?? 'off';
  // Options may come from JSON (a worker thread's, a queue job's): a mode or directory of another
  // shape is refused here rather than taken for a mode that records somewhere.
  if (!CASSETTE_MODES.includes(mode))
    throw new InvalidArgumentError(
      'cassette.mode',
      mode,
      `one of ${CASSETTE_MODES.join(', ')}`,
      "pass e.g. cassette: { dir: 'cassettes', mode: 'auto' }",
    );
  if (options.cassette !== undefined && (typeof options.cassette.dir !== 'string' || options.cassette.dir === ''))
    throw new InvalidArgumentError(
      'cassette.dir',
      options.cassette.dir,
      'a directory path',
      "pass e.g. cassette: { dir: 'cassettes', mode: 'auto' }",
    );
  const cassette = options.cassette !== undefined && mode !== 'off' ? new Cassette(options.cassette.dir, mode) : null;

  const live = async (call: ChatCall, key: string, estimate: number, signal: AbortSignal) => {
    const provider = call.settings.provider;
    let client;
    try {
      client = await openAiClient(provider, timeoutMs);
    } catch (e) {
      if (e instanceof FaultlineError) throw new ProviderError(e.message, { fatal: true, cause: e });
      throw e;
    }
    const secret = apiKeyOf(provider);
    const body = requestBody(call);
    const headers = {
      [FAULTLINE_HEADERS.episode]: call.episodeId,
      [FAULTLINE_HEADERS.role]: call.role,
      [FAULTLINE_HEADERS.step]: String(call.step),
      [FAULTLINE_HEADERS.call]: String(call.ordinal),
    };
    const target = {
      model: call.request.model,
      baseUrl: displayUrl(provider.baseUrl),
      apiKeyEnv: provider.apiKeyEnv,
      secrets: [secret],
    };
    const who = `Model ${JSON.stringify(call.request.model)} at ${target.baseUrl}`;
    const fallbackId = (i: number) => `call_${key.slice(0, 12)}_${call.ordinal}_${i}`;
    return withRetries(
      async () => {
        const permit = await limiterOf().acquire(provider.baseUrl, estimate, signal);
        let used = 0;
        try {
          const started = performance.now();
          const completion: unknown = await client.chat.completions.create(body, {
            signal,
            headers,
            timeout: timeoutMs,
            maxRetries: 0,
          });
          const latencyMs = Math.round(performance.now() - started);
          const usage = normaliseUsage(isRecord(completion) ? completion['usage'] : undefined);
          used = usage.promptTokens + usage.completionTokens;
          return { message: scrubMessage(normaliseMessage(completion, fallbackId, who), secret), usage, latencyMs };
        } finally {
          permit.release(used);
        }
      },
      { key, policy, signal, target },
    );
  };

  return {
    async complete(call: ChatCall, signal: AbortSignal): Promise<ChatAnswer> {
      const { key, chars } = hashRequest(call);
      if (cassette !== null && cassette.mode !== 'record') {
        // Each run of an episode reads its file afresh: it may have been put in place since.
        if (call.ordinal === 1) cassette.forget(call.episodeId);
        const hit = await cassette.lookup(call.episodeId, key);
        if (hit !== null) return { ...hit, source: 'replayed', key };
        if (cassette.mode === 'replay') throw cassette.missError(call.episodeId, call.ordinal, key);
      }
      if (cassette !== null && cassette.mode === 'record' && call.ordinal === 1)
        await cassette.startEpisode(call.episodeId);
      const estimate = Math.ceil(chars / CHARS_PER_TOKEN) + (call.request.max_tokens ?? 0);
      const { value, attempts } = await live(call, key, estimate, signal);
      const answer: { message: ModelMessage; usage: TokenUsage; latencyMs: number; attempts: typeof attempts } = {
        ...value,
        attempts,
      };
      if (cassette === null) return { ...answer, source: 'live', key };
      await cassette.append(call.episodeId, { key, ordinal: call.ordinal, request: call.request, answer });
      return { ...answer, source: 'recorded', key };
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The body sent: the request as is, without an empty `tools` (several servers reject `[]`). */
function requestBody(call: ChatCall): ChatCompletionCreateParamsNonStreaming {
  const { tools, ...rest } = call.request;
  const body = tools.length > 0 ? { ...rest, tools } : rest;
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}
