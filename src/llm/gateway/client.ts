/**
 * The `openai` clients of a process: one per (base URL, key variable), with the client's own
 * retries off (the gateway retries, so it can record every attempt and honour the limiter), no
 * default headers of ours, and the key read from the environment, never from a file.
 *
 * Where the base URL default is resolved: {@link defaultBaseUrl} is applied once, where settings
 * are built (the team file loader and the CLI's `--base-url`), so `ProviderSettings.baseUrl` is
 * always explicit from then on and `OPENAI_BASE_URL` is read at one place. The gateway never
 * falls back on its own.
 */
import type OpenAI from 'openai';
import { FaultlineError, InvalidArgumentError } from '../../core/errors.js';
import type { ProviderSettings, RoleModelSettings } from '../types.js';
import { displayUrl, redact } from './redact.js';
import { openAiSdk } from './openai-sdk.js';

/** OpenAI's own endpoint, the base URL when neither `--base-url` nor `OPENAI_BASE_URL` is given. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The key sent to a local server that needs none (Ollama, vLLM, llama.cpp's server). */
const PLACEHOLDER_KEY = 'no-key';

/** The base URL to use: the one given, else `OPENAI_BASE_URL` from the environment, else OpenAI's. */
export function defaultBaseUrl(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['OPENAI_BASE_URL'];
  return explicit ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : OPENAI_BASE_URL);
}

/** The API key in `provider.apiKeyEnv`, or undefined when it is unset or blank. */
export function apiKeyOf(provider: ProviderSettings, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env[provider.apiKeyEnv];
  return key !== undefined && key.trim() !== '' ? key.trim() : undefined;
}

/**
 * Throws before any episode starts when the provider (of a role's settings, or given as is) cannot be called: a base URL that is not
 * http(s), or no key for OpenAI's own endpoint. A key is optional for any other base URL (a
 * local server); one that needs a key says so with a 401, which stops the run at once.
 */
export function assertProviderReady(
  settings: ProviderSettings | RoleModelSettings,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const provider = 'provider' in settings ? settings.provider : settings;
  let url: URL | null;
  try {
    url = new URL(provider.baseUrl);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InvalidArgumentError(
      'provider.baseUrl',
      redact(provider.baseUrl),
      'an http(s) URL of an OpenAI-compatible API, such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1',
      'pass --base-url (or set OPENAI_BASE_URL, or baseUrl in the team file) to the URL your server prints, ending in /v1',
    );
  if (apiKeyOf(provider, env) === undefined && sameEndpoint(provider.baseUrl, OPENAI_BASE_URL))
    throw new FaultlineError(
      `No API key for ${displayUrl(provider.baseUrl)}: the environment variable ${provider.apiKeyEnv} is not set. ` +
        `Fix: export ${provider.apiKeyEnv}=<your key>, or point --base-url (or OPENAI_BASE_URL) at a local ` +
        'OpenAI-compatible server (Ollama, vLLM, llama.cpp), which needs no key.',
    );
}

function sameEndpoint(a: string, b: string): boolean {
  return endpointKey(a) === endpointKey(b);
}

/** A base URL as endpoints are compared: trimmed, without trailing slashes, lower case. */
export function endpointKey(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

const clients = new Map<string, { key: string; client: OpenAI }>();

/**
 * The client for `provider` (created on first use, re-created when its key variable changed).
 * `timeoutMs` is the default request timeout; the gateway also passes it per request. Rejects
 * with {@link assertProviderReady}'s error before the `openai` package is loaded.
 */
export async function openAiClient(provider: ProviderSettings, timeoutMs: number): Promise<OpenAI> {
  assertProviderReady(provider);
  const { default: OpenAIClient } = await openAiSdk();
  const key = apiKeyOf(provider) ?? PLACEHOLDER_KEY;
  const id = `${provider.baseUrl}\u0000${provider.apiKeyEnv}`;
  const known = clients.get(id);
  if (known !== undefined && known.key === key) return known.client;
  const client = new OpenAIClient({ apiKey: key, baseURL: provider.baseUrl, maxRetries: 0, timeout: timeoutMs });
  clients.set(id, { key, client });
  return client;
}
