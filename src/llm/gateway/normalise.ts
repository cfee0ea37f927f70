/**
 * A provider's chat completion, reduced to what faultline records: the message (text, reasoning
 * text where the provider returns one, function tool calls) and the token usage. Providers differ
 * (`reasoning_content` in DeepSeek and vLLM, `reasoning` in OpenRouter and Ollama), and a broken
 * or hostile server may send anything: every field is checked, and an answer without a message
 * is a non-fatal `ProviderError`.
 */
import { ProviderError } from '../../team/provider-error.js';
import type { ModelMessage, ModelToolCall, TokenUsage } from '../../team/turn.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** Token usage from a completion's `usage` (0 for whatever is absent or not a count). */
export function normaliseUsage(usage: unknown): TokenUsage {
  if (!isObject(usage)) return { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };
  const details = usage['prompt_tokens_details'];
  return {
    promptTokens: count(usage['prompt_tokens']),
    completionTokens: count(usage['completion_tokens']),
    cachedTokens: isObject(details) ? count(details['cached_tokens']) : 0,
  };
}

/**
 * The first choice's message. Tool calls other than functions are dropped; a call without an id
 * gets `fallbackId(i)` (the tool result must name one); arguments that are not a string are
 * re-serialised, so the agent sees what the model meant and the env judges it.
 */
export function normaliseMessage(
  completion: unknown,
  fallbackId: (index: number) => string,
  /** Who answered, for the error message (e.g. `Model "m" at http://…/v1`). */
  who = 'The provider',
): ModelMessage {
  const choices = isObject(completion) ? completion['choices'] : undefined;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = isObject(first) ? first['message'] : undefined;
  if (!isObject(message))
    throw new ProviderError(
      `${who} answered without a message (expected choices[0].message in the chat completion). The episode is errored; check that the server speaks the OpenAI chat completions API.`,
    );
  const content = typeof message['content'] === 'string' ? message['content'] : null;
  const reasoningText = message['reasoning_content'] ?? message['reasoning'];
  const toolCalls: ModelToolCall[] = [];
  const raw = message['tool_calls'];
  if (Array.isArray(raw)) {
    for (const call of raw) {
      if (!isObject(call) || (call['type'] !== undefined && call['type'] !== 'function')) continue;
      const fn = call['function'];
      if (!isObject(fn) || typeof fn['name'] !== 'string') continue;
      const args = fn['arguments'];
      toolCalls.push({
        id: typeof call['id'] === 'string' && call['id'] !== '' ? call['id'] : fallbackId(toolCalls.length),
        name: fn['name'],
        arguments: typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args),
      });
    }
  }
  return typeof reasoningText === 'string' && reasoningText !== ''
    ? { content, reasoning: reasoningText, toolCalls }
    : { content, toolCalls };
}
