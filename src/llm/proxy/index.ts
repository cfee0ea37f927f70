/**
 * The model proxy: a local OpenAI-compatible endpoint through which an external agent program's
 * model calls go to the real provider, recorded per (episode, role) — turns, tokens, cassettes —
 * as the LLM teams' calls are.
 *
 * @example
 * ```ts
 * const proxy = await startModelProxy({
 *   provider: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
 *   model: 'gpt-4o-mini',
 *   cache: { dir: 'cassettes', mode: 'auto' },
 * });
 * // The program gets OPENAI_BASE_URL=proxy.baseUrlFor(episodeId, role) and any OPENAI_API_KEY.
 * // After each step the role takes: const turn = proxy.takeTurn(episodeId, role);
 * // At the episode's end: const calls = proxy.endEpisode(episodeId);
 * await proxy.close();
 * ```
 */
export { startModelProxy, type ModelProxy } from './proxy.js';
export type { ModelProxyOptions } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { DEFAULT_STREAM_HEARTBEAT_MS } from './heartbeat.js';
