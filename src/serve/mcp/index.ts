/**
 * The MCP server core: an episode host that steps one team env episode on behalf of MCP
 * sessions, one `McpServer` per session, bound to a role or to the whole team.
 */
export { EpisodeHost, type EpisodeHostOptions, type HostedStep } from './episode-host.js';
export { ControlGate, type ControlWait, type ControlWaitFailure } from './control-gate.js';
export { createMcpSession, MCP_SERVER_INFO, TASK_RESOURCE_URI, type McpSessionOptions } from './session.js';
export { AWAIT_TURN_TOOL, sessionToolDefinitions } from './session-tools.js';
export { taskText } from './task-text.js';
export { recordHostedEpisode, writeHostedRun, type WriteHostedRunOptions } from './record.js';
export {
  startMcpHttpServer,
  type McpHttpServer,
  type McpHttpServerOptions,
  type HostedEpisodeHandle,
} from './http-server.js';
export {
  EpisodeRegistry,
  EpisodeCapError,
  type RegisteredEpisode,
  type EpisodeRegistryOptions,
  type ClosableSession,
} from './episode-registry.js';
