/**
 * How a model proxy is started, and the checks on it: every bad option fails at start with a
 * message naming it, before a program is given the proxy's URL.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertProviderReady } from '../gateway/client.js';
import type { ModelGatewayOptions } from '../gateway/gateway.js';
import type { CassetteMode, Prices, ProviderSettings } from '../types.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';

/** How to start a model proxy (see `startModelProxy`). Holds no key: only the name of its variable. */
export interface ModelProxyOptions {
  /** The address to listen on. @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** The port. @defaultValue 0 (a free port) */
  readonly port?: number;
  /** The upstream provider: its base URL and the variable of the proxy's environment holding its key. */
  readonly provider: ProviderSettings;
  /** The model a request naming none is sent to; `GET …/v1/models` lists it. */
  readonly model?: string;
  /** Prices of the model, for each call's `costUsd` (null without). */
  readonly prices?: Prices;
  /** The cassette directory and mode (as `--llm-cache` / `--llm-cache-mode`); absent, null or `off`: every call is live. */
  readonly cache?: { readonly dir: string; readonly mode: CassetteMode } | null;
  /** The largest request body accepted (413 beyond). @defaultValue 8 MiB */
  readonly maxBodyBytes?: number;
  /**
   * How long a streamed request waits for the answer before its event stream starts with
   * keep-alive comments, repeated as often, so a client's idle timeout does not fire while a
   * long answer is generated. @defaultValue 10000
   */
  readonly streamHeartbeatMs?: number;
  /** Retries, timeouts and the limiter of the gateway (the cassette is `cache`). */
  readonly gateway?: Omit<ModelGatewayOptions, 'cassette'>;
  /**
   * The env step of an episode, sent upstream as `x-faultline-step` (a scripted server or a log
   * places calls by it). @defaultValue the number of `takeTurn` calls made for the episode so far
   */
  readonly stepOf?: (episodeId: string) => number;
}

const CACHE_MODES: readonly CassetteMode[] = ['record', 'replay', 'auto', 'off'];

/** Throws an `InvalidArgumentError` naming the first bad option. */
export function checkProxyOptions(options: ModelProxyOptions): void {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError(
      'startModelProxy(options)',
      options,
      'an object { provider: { baseUrl, apiKeyEnv }, … }',
      'pass the upstream provider at least',
    );
  const { provider, port, maxBodyBytes, cache, model } = options;
  if (provider === null || typeof provider !== 'object' || typeof provider.apiKeyEnv !== 'string')
    throw new InvalidArgumentError(
      'provider',
      provider,
      'an object { baseUrl, apiKeyEnv } (the name of the variable holding the key, never the key)',
      "pass e.g. { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' }",
    );
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(provider.apiKeyEnv))
    throw new InvalidArgumentError(
      'provider.apiKeyEnv',
      // The name only: a key pasted here by mistake is not shown.
      provider.apiKeyEnv.length > 40 ? '(a long string)' : provider.apiKeyEnv,
      'the name of an environment variable, such as OPENAI_API_KEY',
      'pass the variable name and export the key in it; the key itself never goes in options',
    );
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new InvalidArgumentError('port', port, 'an integer from 0 to 65535', 'pass 0 for a free port');
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 1024))
    throw new InvalidArgumentError(
      'maxBodyBytes',
      maxBodyBytes,
      'an integer ≥ 1024',
      `leave it out for ${DEFAULT_MAX_BODY_BYTES} bytes`,
    );
  const { streamHeartbeatMs } = options;
  if (streamHeartbeatMs !== undefined && !(Number.isInteger(streamHeartbeatMs) && streamHeartbeatMs >= 1))
    throw new InvalidArgumentError(
      'streamHeartbeatMs',
      streamHeartbeatMs,
      'an integer number of milliseconds ≥ 1',
      'leave it out for 10000',
    );
  if (model !== undefined && (typeof model !== 'string' || model.trim() === ''))
    throw new InvalidArgumentError('model', model, 'a non-empty model name', 'leave it out or name the model');
  if (cache !== undefined && cache !== null) {
    if (!CACHE_MODES.includes(cache.mode))
      throw new InvalidArgumentError('cache.mode', cache.mode, CACHE_MODES.join(', '), "pass one of them, e.g. 'auto'");
    if (typeof cache.dir !== 'string' || cache.dir.trim() === '')
      throw new InvalidArgumentError('cache.dir', cache.dir, 'a directory path', 'pass the cassette directory');
  }
  // A replaying proxy never calls the provider: it needs no key.
  if (cache?.mode !== 'replay') assertProviderReady(provider);
}
