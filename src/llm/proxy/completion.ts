/**
 * The gateway's answer in OpenAI's chat completions shape: a whole `chat.completion`, or the
 * `chat.completion.chunk`s of a stream. Ids come from the request key and `created` is a
 * constant, so a replayed episode answers the program byte for byte as the recorded one did.
 */
import type { ChatAnswer } from '../types.js';

/** The `created` of every answer: a constant, so answers do not depend on the clock. */
export const PROXY_CREATED = 1_700_000_000;

function messageOf(answer: ChatAnswer): Record<string, unknown> {
  const { content, reasoning, toolCalls } = answer.message;
  return {
    role: 'assistant',
    content,
    ...(reasoning !== undefined ? { reasoning_content: reasoning } : {}),
    ...(toolCalls.length > 0
      ? {
          tool_calls: toolCalls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          })),
        }
      : {}),
  };
}

function usageOf(answer: ChatAnswer): Record<string, unknown> {
  const { promptTokens, completionTokens, cachedTokens } = answer.usage;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
}

/**
 * Why the model stopped. The gateway keeps the message, not the provider's reason, so `length`
 * and `content_filter` cannot be told apart from `stop`.
 */
function finishReason(answer: ChatAnswer): 'tool_calls' | 'stop' {
  return answer.message.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

/** The `chat.completion` body answering a request for `model`. */
export function completionBody(answer: ChatAnswer, model: string): unknown {
  return {
    id: `chatcmpl-${answer.key}`,
    object: 'chat.completion',
    created: PROXY_CREATED,
    model,
    choices: [{ index: 0, message: messageOf(answer), logprobs: null, finish_reason: finishReason(answer) }],
    usage: usageOf(answer),
  };
}

/**
 * The chunks of a streamed answer: the role with the whole text (and reasoning), one chunk per
 * tool call, the finish reason; then, when the request asked with `stream_options.include_usage`,
 * OpenAI's usage chunk with no choices. Without it the usage rides on the finish chunk, where
 * clients that look for it find it and others ignore it.
 */
export function completionChunks(answer: ChatAnswer, model: string, includeUsage: boolean): unknown[] {
  const head = { id: `chatcmpl-${answer.key}`, object: 'chat.completion.chunk', created: PROXY_CREATED, model };
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) => ({
    ...head,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  const { content, reasoning, toolCalls } = answer.message;
  const chunks: unknown[] = [
    chunk({ role: 'assistant', content, ...(reasoning !== undefined ? { reasoning_content: reasoning } : {}) }, null),
  ];
  toolCalls.forEach((c, index) =>
    chunks.push(
      chunk(
        { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }] },
        null,
      ),
    ),
  );
  if (includeUsage) {
    chunks.push(chunk({}, finishReason(answer)));
    chunks.push({ ...head, choices: [], usage: usageOf(answer) });
  } else chunks.push(chunk({}, finishReason(answer), { usage: usageOf(answer) }));
  return chunks;
}
