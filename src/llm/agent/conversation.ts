/**
 * One role's conversation with its model, in the chat-completions shape. Messages are never
 * changed in place (an elided tool result is a new message), so a request handed to the gateway
 * — which may keep it in a cassette — stays what was sent.
 */
import type { ModelMessage, ModelToolCall } from '../../team/turn.js';
import type { ChatMessage } from '../types.js';
import { elideToBudget } from './context-budget.js';

/** The longest tool call id kept as the model wrote it; a longer one is replaced. */
const MAX_CALL_ID = 256;

/** A role's conversation. */
export class Conversation {
  private messages: ChatMessage[] = [];

  /** True before the first message. */
  get empty(): boolean {
    return this.messages.length === 0;
  }

  /** The messages so far (a copy to send; the messages themselves are immutable). */
  snapshot(): readonly ChatMessage[] {
    return [...this.messages];
  }

  /** Adds a system message. */
  system(content: string): void {
    this.messages.push({ role: 'system', content });
  }

  /** Adds a user message. */
  user(content: string): void {
    this.messages.push({ role: 'user', content });
  }

  /** Adds the result of a tool call, tied to its id. */
  tool(callId: string, content: string): void {
    this.messages.push({ role: 'tool', tool_call_id: callId, content });
  }

  /**
   * Adds a model's answer. Returns its tool calls with ids that are unique in the reply: a call
   * with no id, a repeated one or an absurdly long one gets `call_<ordinal>_<n>`, so every tool
   * result can be tied to exactly one call.
   */
  assistant(message: ModelMessage, ordinal: number): readonly ModelToolCall[] {
    const seen = new Set<string>();
    const calls = message.toolCalls.map((call, i) => {
      const usable = call.id !== '' && call.id.length <= MAX_CALL_ID && !seen.has(call.id);
      const id = usable ? call.id : `call_${ordinal}_${i + 1}`;
      seen.add(id);
      return { id, name: call.name, arguments: call.arguments };
    });
    this.messages.push({
      role: 'assistant',
      content: message.content,
      ...(calls.length > 0
        ? {
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
    });
    return calls;
  }

  /** Elides the oldest tool results beyond `budget` tokens; returns how many and how many characters. */
  fitTo(budget: number): { elided: number; chars: number } {
    const r = elideToBudget(this.messages, budget);
    if (r.elided > 0) this.messages = [...r.messages];
    return { elided: r.elided, chars: r.chars };
  }
}
