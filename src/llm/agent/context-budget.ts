/**
 * The context budget: a role's conversation is kept under a number of tokens (estimated as
 * characters / 4, the usual rule of thumb, so no tokenizer is needed and the estimate is the same
 * everywhere) by eliding the oldest tool results. An elided result is replaced by a marker that
 * says so, so the model knows something was there and can call the tool again.
 */
import type { ChatMessage } from '../types.js';

/** Characters per token in the estimate. */
const CHARS_PER_TOKEN = 4;

/** The estimated tokens of a conversation: every message's text and tool call arguments, / 4. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  return Math.ceil(conversationChars(messages) / CHARS_PER_TOKEN);
}

function conversationChars(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    chars += m.content?.length ?? 0;
    if (m.role === 'assistant')
      for (const call of m.tool_calls ?? []) chars += call.function.name.length + call.function.arguments.length;
  }
  return chars;
}

/** What an elision did. */
export interface Elision {
  readonly messages: readonly ChatMessage[];
  /** How many tool results were elided (0: the conversation was within the budget or had nothing to elide). */
  readonly elided: number;
  /** Characters removed. */
  readonly chars: number;
}

const MARKER_PREFIX = '[elided by the context budget:';

/** The text that replaces an elided tool result. */
export function elisionMarker(chars: number, budget: number): string {
  return `${MARKER_PREFIX} ${chars} characters of this old tool result were removed to keep the conversation within ${budget} tokens; call the tool again if you need it]`;
}

/**
 * Replaces the oldest tool results by a marker until the conversation fits in `budget` tokens.
 * The results after the last assistant message (the ones the model is about to read) are never
 * elided, nor is anything else: a conversation that still does not fit is sent as it is.
 */
export function elideToBudget(messages: readonly ChatMessage[], budget: number): Elision {
  const limit = budget * CHARS_PER_TOKEN;
  let total = conversationChars(messages);
  if (total <= limit) return { messages, elided: 0, chars: 0 };
  let lastAssistant = -1;
  messages.forEach((m, i) => {
    if (m.role === 'assistant') lastAssistant = i;
  });
  const out = [...messages];
  let elided = 0;
  let chars = 0;
  for (let i = 0; i < lastAssistant && total > limit; i++) {
    const m = out[i] as ChatMessage;
    if (m.role !== 'tool' || m.content.startsWith(MARKER_PREFIX)) continue;
    const marker = elisionMarker(m.content.length, budget);
    if (marker.length >= m.content.length) continue;
    out[i] = { role: 'tool', tool_call_id: m.tool_call_id, content: marker };
    elided += 1;
    chars += m.content.length;
    total -= m.content.length - marker.length;
  }
  return elided === 0 ? { messages, elided: 0, chars: 0 } : { messages: out, elided, chars };
}
