/**
 * What a command team needs from the MCP HTTP server (an episode per program run, reached at its
 * team or role URL) and from the model proxy (a base URL per episode and role, and the model
 * calls behind each step), and how a thread starts the real ones.
 */
import { startMcpHttpServer, type McpHttpServer } from '../mcp/http-server.js';
import { startModelProxy, type ModelProxy } from '../../llm/proxy/proxy.js';
import type { LlmGatewayConfig } from '../../llm/team-config.js';

/** The MCP HTTP server, as a command team uses it. */
export type EpisodeServer = Pick<McpHttpServer, 'openEpisode' | 'close'>;

/** The model proxy, as a command team uses it. */
export type EpisodeModelProxy = Pick<ModelProxy, 'baseUrlFor' | 'takeTurn' | 'endEpisode' | 'close'>;

/** Where the model proxy forwards to, and how it records (plain JSON: it travels to workers). */
export interface ModelProxySettings {
  /** The real provider: its OpenAI-compatible base URL and the variable holding its key. */
  readonly provider: { readonly baseUrl: string; readonly apiKeyEnv: string };
  /** Cassette, retries and request timeout, as for LLM teams. */
  readonly gateway: LlmGatewayConfig;
}

/**
 * This thread's MCP server for command teams: 127.0.0.1, a free port, no recording (the runner
 * records), and neither an episode cap nor idle reaping — the runner bounds the episodes in
 * flight, and the team's own timeout bounds each one.
 */
export function startCommandEpisodeServer(): Promise<EpisodeServer> {
  return startMcpHttpServer({ port: 0, host: '127.0.0.1', maxEpisodes: 1_000_000, idleTimeoutMs: 2 ** 31 - 1 });
}

/** This thread's model proxy, forwarding to `settings.provider` through the model gateway. */
export function startCommandModelProxy(settings: ModelProxySettings): Promise<EpisodeModelProxy> {
  const { cassette, ...gateway } = settings.gateway;
  return startModelProxy({ provider: settings.provider, cache: cassette, gateway });
}
