/**
 * Building scripted replies, and turning one into the JSON body OpenAI's chat-completions
 * endpoint answers with.
 */
import { identityHash, requestIdentity } from './identity.js';
import { messageChars, promptTokens, tokensOfChars } from './tokens.js';
import type {
  DropReply,
  ErrorReply,
  ScriptedChatRequest,
  ScriptedToolCall,
  TextReply,
  ToolCallsReply,
} from './types.js';

/** The `created` of every answer: a constant, so answers do not depend on the clock. */
export const SCRIPTED_CREATED = 1_700_000_000;

/** A reply with tool calls (several: parallel tool calls). */
export function toolCallsReply(
  calls: readonly ScriptedToolCall[],
  extra: Omit<ToolCallsReply, 'kind' | 'calls'> = {},
): ToolCallsReply {
  return { kind: 'tool_calls', calls, ...extra };
}

/** A reply with text only, no tool call. */
export function textReply(text: string, extra: Omit<TextReply, 'kind' | 'text'> = {}): TextReply {
  return { kind: 'text', text, ...extra };
}

/** An HTTP error in OpenAI's error shape. */
export function errorReply(
  status: number,
  message: string,
  extra: Omit<ErrorReply, 'kind' | 'status' | 'message'> = {},
): ErrorReply {
  return { kind: 'error', status, message, ...extra };
}

/** A 429 with `retry-after` (seconds), as OpenAI sends when a rate limit is hit. */
export function rateLimitReply(retryAfterSeconds: number, extra: Omit<ErrorReply, 'kind' | 'status'> = {}): ErrorReply {
  return {
    kind: 'error',
    status: 429,
    message: 'Rate limit reached for requests (scripted). Please try again later.',
    type: 'requests',
    code: 'rate_limit_exceeded',
    ...extra,
    headers: { 'retry-after': String(retryAfterSeconds), ...extra.headers },
  };
}

/** A dropped connection: the socket is destroyed without an answer. */
export function dropReply(extra: Omit<DropReply, 'kind'> = {}): DropReply {
  return { kind: 'drop', ...extra };
}

/** OpenAI's error body. */
export function errorBody(message: string, type: string, code: string | null): unknown {
  return { error: { message, type, param: null, code } };
}

/** The error type OpenAI uses for a status. */
export function errorTypeOf(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The body of a successful chat-completions answer to `request`. */
export function completionBody(request: ScriptedChatRequest, reply: ToolCallsReply | TextReply): unknown {
  const hash = identityHash(requestIdentity(request));
  const toolCalls =
    reply.kind === 'tool_calls'
      ? reply.calls.map((call, i) => ({
          id: call.id ?? `call_${hash}_${i}`,
          type: 'function' as const,
          function: {
            name: call.name,
            arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : [];
  const content = reply.kind === 'text' ? reply.text : (reply.content ?? null);
  const message = {
    role: 'assistant' as const,
    content,
    ...(reply.reasoning !== undefined ? { reasoning_content: reply.reasoning } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  const prompt = reply.usage?.promptTokens ?? promptTokens(request.body.messages);
  const completion =
    reply.usage?.completionTokens ??
    tokensOfChars(messageChars(message) + (reply.reasoning !== undefined ? reply.reasoning.length : 0));
  return {
    id: `chatcmpl-${hash}`,
    object: 'chat.completion',
    created: SCRIPTED_CREATED,
    model: reply.model ?? request.body.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: reply.usage?.cachedTokens ?? 0 },
    },
  };
}
