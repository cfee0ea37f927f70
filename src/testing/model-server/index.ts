/**
 * The scripted OpenAI-compatible model server of `faultline/testing`, its replies, fault plans
 * and the oracle responder.
 *
 * @example
 * ```ts
 * const server = await startScriptedModelServer({
 *   respond: withFaults(() => toolCallsReply([{ name: 'finish', arguments: { status: 'done' } }]), { rateLimit: { rate: 0.1 } }),
 * });
 * const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-test' });
 * // … run the team against server.url …
 * await server.close();
 * ```
 */
export { startScriptedModelServer, type ScriptedModelServer, type ScriptedModelServerOptions } from './server.js';
export { toolCallsReply, textReply, errorReply, rateLimitReply, dropReply, SCRIPTED_CREATED } from './replies.js';
export { withFaults, TEXT_ONLY_FAULT_TEXT, type FaultPlan, type AttemptFault } from './faults.js';
export { oracleResponder, type OracleResponderOptions, type OracleStep } from './oracle-responder.js';
export {
  oracleReplayResponder,
  parseEpisodeId,
  type OracleReplayOptions,
  type ParsedEpisodeId,
} from './oracle-replay.js';
export type {
  ScriptedReply,
  ToolCallsReply,
  TextReply,
  ErrorReply,
  DropReply,
  ScriptedToolCall,
  ScriptedUsage,
  RecordedAnswer,
  AnswerFacts,
  ScriptedModelRequest,
  ScriptedChatRequest,
  ChatCompletionBody,
  RespondOptions,
  Responder,
} from './types.js';
