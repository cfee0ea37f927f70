/**
 * An Agents SDK `ModelResponse` as a cassette keeps it, and back. The gateway's cassette line has
 * a chat-shaped answer (`message`, `usage`, `latencyMs`, `attempts`), which is what the step turns
 * record; the SDK's own output items ride along in the same answer (`agentsSdk.output`), so a
 * replay hands the Runner exactly the items it was given when the call was recorded (reasoning
 * items, ids and provider data included), and the next request is the one that was recorded.
 */
import { Usage, type AgentOutputItem, type ModelResponse, type StreamEvent } from '@openai/agents';
import type { CassetteAnswer } from '../../llm/gateway/cassette.js';
import type { ModelMessage, ModelToolCall, TokenUsage } from '../../team/turn.js';

/** A cassette answer of an Agents SDK call: the gateway's fields, and the SDK's output items. */
export type AgentsSdkAnswer = CassetteAnswer & {
  readonly agentsSdk: { readonly output: readonly AgentOutputItem[]; readonly responseId?: string };
};

/** What the model said in `output`: its text, reasoning and function calls (handoffs are function calls too). */
export function messageOf(output: readonly AgentOutputItem[]): ModelMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ModelToolCall[] = [];
  for (const item of output) {
    if (item.type === 'message' && item.role === 'assistant')
      for (const part of item.content) if (part.type === 'output_text') texts.push(part.text);
    if (item.type === 'reasoning') for (const part of item.content) reasoning.push(part.text);
    if (item.type === 'function_call') toolCalls.push({ id: item.callId, name: item.name, arguments: item.arguments });
  }
  return {
    content: texts.length > 0 ? texts.join('\n') : null,
    ...(reasoning.length > 0 ? { reasoning: reasoning.join('\n') } : {}),
    toolCalls,
  };
}

/** The tokens of a response (cached prompt tokens from the SDK's input details). */
export function usageOf(usage: Usage): TokenUsage {
  const cached = usage.inputTokensDetails.reduce((n, d) => n + (d['cached_tokens'] ?? 0), 0);
  return { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens, cachedTokens: cached };
}

/** A live response as the answer a cassette stores. */
export function answerOf(response: ModelResponse, latencyMs: number): AgentsSdkAnswer {
  // A JSON round trip: what is stored is what a replay reads back (no class instances, no undefined).
  const output = JSON.parse(JSON.stringify(response.output)) as AgentOutputItem[];
  return {
    message: messageOf(output),
    usage: usageOf(response.usage),
    latencyMs,
    attempts: [],
    agentsSdk: { output, ...(response.responseId !== undefined ? { responseId: response.responseId } : {}) },
  };
}

/** The SDK's output items a cassette answer holds, or null when it holds none (not written by this adapter). */
function recordedOutput(answer: CassetteAnswer): { output: AgentOutputItem[]; responseId?: string } | null {
  const extra = (answer as Partial<AgentsSdkAnswer>).agentsSdk;
  if (extra === null || typeof extra !== 'object' || !Array.isArray(extra.output)) return null;
  const ok = extra.output.every(
    (i: unknown) => i !== null && typeof i === 'object' && typeof (i as AgentOutputItem).type === 'string',
  );
  if (!ok) return null;
  return {
    output: extra.output as AgentOutputItem[],
    ...(typeof extra.responseId === 'string' ? { responseId: extra.responseId } : {}),
  };
}

/**
 * The response a recorded answer replays: its SDK output items when the adapter stored them,
 * otherwise items rebuilt from the chat-shaped message (its text and function calls).
 */
export function responseOf(answer: CassetteAnswer): ModelResponse {
  const recorded = recordedOutput(answer);
  const output: AgentOutputItem[] = recorded ? recorded.output : outputOf(answer.message);
  const { promptTokens, completionTokens, cachedTokens } = answer.usage;
  return {
    usage: new Usage({
      requests: 1,
      inputTokens: promptTokens,
      outputTokens: completionTokens,
      totalTokens: promptTokens + completionTokens,
      inputTokensDetails: { cached_tokens: cachedTokens },
    }),
    output,
    ...(recorded?.responseId !== undefined ? { responseId: recorded.responseId } : {}),
  };
}

function outputOf(message: ModelMessage): AgentOutputItem[] {
  const output: AgentOutputItem[] = [];
  if (message.content !== null)
    output.push({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: message.content }],
    });
  for (const c of message.toolCalls)
    output.push({ type: 'function_call', callId: c.id, name: c.name, arguments: c.arguments, status: 'completed' });
  return output;
}

/** The response a streamed call ended with (its `response_done` event). */
export function streamedResponse(event: Extract<StreamEvent, { type: 'response_done' }>): ModelResponse {
  const r = event.response;
  return {
    usage: new Usage({
      requests: 1,
      inputTokens: r.usage.inputTokens,
      outputTokens: r.usage.outputTokens,
      totalTokens: r.usage.totalTokens,
      ...(r.usage.inputTokensDetails !== undefined ? { inputTokensDetails: r.usage.inputTokensDetails } : {}),
    }),
    output: r.output,
    responseId: r.id,
  };
}
