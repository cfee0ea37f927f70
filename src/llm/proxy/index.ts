/**
 * The model proxy: a local OpenAI-compatible endpoint through which an external agent program's
 * model calls go to the real provider, recorded per (episode, role) — turns, tokens, cassettes —
 * as the LLM teams' calls are.
 */
export { startModelProxy, type ModelProxy } from './proxy.js';
export type { ModelProxyOptions } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
