/**
 * What the model proxy's tests share: a scripted upstream that demands the proxy's key, a proxy
 * in front of it, and the official `openai` client a program would use, given a dummy key.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { startModelProxy, type ModelProxy, type ModelProxyOptions } from '../../../src/llm/proxy/index.js';
import type { RequestLimiter } from '../../../src/llm/types.js';
import {
  startScriptedModelServer,
  textReply,
  type Responder,
  type ScriptedModelServer,
} from '../../../src/testing/model-server/index.js';

/** The key in the proxy's environment: it must reach no file and no response. */
export const SECRET = 'sk-test-SECRET-123';
/** The variable holding it (set for each test file's run only). */
export const KEY_ENV = 'FAULTLINE_PROXY_TEST_KEY';
/** What the program is given instead of a key. */
export const DUMMY_KEY = 'sk-dummy-program-key';
/** The model the tests ask for. */
export const MODEL = 'scripted-model';

const unlimited: RequestLimiter = { acquire: () => Promise.resolve({ release: () => undefined }) };

/** Fast retries, no shared limiter. */
export const FAST_GATEWAY: ModelProxyOptions['gateway'] = {
  retryBaseMs: 5,
  maxRetryWaitMs: 20,
  maxRetries: 3,
  limiter: () => unlimited,
};

/** Sets the key variable for a test file; returns its cleanup. */
export function withKey(): () => void {
  process.env[KEY_ENV] = SECRET;
  return () => {
    delete process.env[KEY_ENV];
  };
}

/** The last user message of a request's body (what the echo responder answers). */
function lastUser(body: { readonly messages: readonly unknown[] }): string {
  const users = body.messages.filter(
    (m): m is { role: string; content: string } =>
      typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'user',
  );
  return String(users.at(-1)?.content ?? '');
}

/** Answers each request with text naming its episode, role and last user message. */
export const echo: Responder = (request) =>
  textReply(`${request.episode ?? '?'}/${request.role ?? '?'}: ${lastUser(request.body)}`);

/** A scripted upstream that accepts only {@link SECRET}. */
export function upstream(respond: Responder = echo): Promise<ScriptedModelServer> {
  return startScriptedModelServer({ respond, apiKey: SECRET, models: [MODEL] });
}

/** A proxy in front of `server`. */
export function proxyFor(
  server: { readonly url: string },
  extra: Partial<ModelProxyOptions> = {},
): Promise<ModelProxy> {
  return startModelProxy({
    provider: { baseUrl: server.url, apiKeyEnv: KEY_ENV },
    model: MODEL,
    gateway: FAST_GATEWAY,
    ...extra,
  });
}

/**
 * For a test file: before its tests, sets the proxy's key, starts the echoing upstream and a
 * proxy in front of it and hands both to `use`; after them, stops both and restores the key.
 */
export function proxyPerFile(use: (started: { server: ScriptedModelServer; proxy: ModelProxy }) => void): void {
  let started: { server: ScriptedModelServer; proxy: ModelProxy } | undefined;
  let unset: (() => void) | undefined;
  beforeAll(async () => {
    unset = withKey();
    const server = await upstream();
    started = { server, proxy: await proxyFor(server) };
    use(started);
  });
  afterAll(async () => {
    await started?.proxy.close();
    await started?.server.close();
    unset?.();
  });
}

/** The official client as a program would build it from `OPENAI_BASE_URL`, with a dummy key. */
export function programClient(proxy: ModelProxy, episode: string, role: string, maxRetries = 0): OpenAI {
  return new OpenAI({ baseURL: proxy.baseUrlFor(episode, role), apiKey: DUMMY_KEY, maxRetries });
}

/** A one-message request. */
export function ask(
  client: OpenAI,
  text: string,
  extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {},
): Promise<OpenAI.Chat.ChatCompletion> {
  return client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: text }], ...extra });
}
