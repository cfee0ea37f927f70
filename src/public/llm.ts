/**
 * `faultline/llm`: teams of LLM agents behind any OpenAI-compatible API. `llmTeam` builds a team
 * with one conversation per role; `createModelGateway` is how its model calls are made (the
 * official `openai` client, retries with backoff that honour rate-limit headers, cassettes that
 * record and replay answers offline); `createRequestLimiter` shares requests- and tokens-per-minute
 * budgets; `loadTeamFile` reads a team file. Everything a model said is in the trajectory
 * (`TrajectoryStep.turn`), and tokens and cost in each episode's `usage`.
 *
 * Importing this entry registers the built-in envs and reference teams (idempotent).
 *
 * @example
 * ```ts
 * import { llmTeam, createModelGateway } from 'faultline/llm';
 * import { registerTeam } from 'faultline/teams';
 * registerTeam(llmTeam({
 *   id: 'gpt-team',
 *   defaults: { model: 'gpt-4o-mini', provider: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' } },
 *   gateway: createModelGateway({ cassette: { dir: 'cassettes', mode: 'auto' } }),
 * }));
 * ```
 */
import { loadBuiltins } from '../builtins.js';

export {
  llmTeam,
  roleSettings,
  DEFAULT_MAX_TEXT_REPLIES,
  type LlmTeamOptions,
  type RoleOverrides,
} from '../llm/team.js';
export {
  loadTeamFile,
  parseTeamFile,
  loadPriceTable,
  teamFileConfig,
  TeamFileSchema,
  TeamFileError,
  type TeamFile,
} from '../llm/team-file.js';
export {
  createModelGateway,
  assertProviderReady,
  defaultBaseUrl,
  costUsd,
  requestKey,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ModelGatewayOptions,
} from '../llm/gateway/index.js';
export { createRequestLimiter } from '../llm/limiter.js';
export { LLM_SETUP, type LlmSetupOptions, type LlmTeamConfig, type LlmGatewayConfig } from '../llm/setup.js';
export { useRequestLimiter, requestLimiter } from '../llm/limiter-registry.js';
export { actionToToolCall, toolCallToAction, TEAM_ACTION_TOOLS } from '../llm/tool-calls.js';
export { ProviderError, isProviderError } from '../team/provider-error.js';
export type {
  StepTurn,
  ModelCallRecord,
  ModelMessage,
  ModelToolCall,
  ProviderAttempt,
  TokenUsage,
  EpisodeUsage,
} from '../team/turn.js';
export {
  FAULTLINE_HEADERS,
  type RoleModelSettings,
  type ProviderSettings,
  type Prices,
  type ChatMessage,
  type ChatTool,
  type ChatRequest,
  type ChatCall,
  type ChatAnswer,
  type ModelGateway,
  type RequestLimiter,
  type RequestPermit,
  type LimiterSettings,
  type CassetteMode,
} from '../llm/types.js';
export { startModelProxy, type ModelProxy, type ModelProxyOptions } from '../llm/proxy/index.js';

loadBuiltins();
