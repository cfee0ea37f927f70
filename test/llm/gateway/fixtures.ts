/** Calls and settings shared by the gateway's tests. */
import type { ChatCall, ChatRequest } from '../../../src/llm/types.js';

/** The fake key the tests run with: it must appear in no file and no message. */
export const FAKE_KEY = 'sk-fake-0123456789-NEVER-WRITE-ME';
/** The variable holding it. */
export const KEY_ENV = 'FAULTLINE_GATEWAY_TEST_KEY';

/** A typical request: a system prompt, a task, a tool call and its result, and two tools. */
export function request(model = 'm', extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model,
    temperature: 0,
    seed: 7,
    messages: [
      { role: 'system', content: 'You are the executor of a team.' },
      { role: 'user', content: 'Close ticket 42.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: '{"id":42}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"status":"open"}' },
    ],
    tools: [
      { type: 'function', function: { name: 'read', description: 'Read a ticket.', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'close', description: 'Close a ticket.', parameters: { type: 'object' } } },
    ],
    ...extra,
  };
}

/** A call to the server at `baseUrl`. */
export function chatCall(baseUrl: string, over: Partial<ChatCall> = {}): ChatCall {
  return {
    episodeId: 'ep-1',
    role: 'executor',
    step: 3,
    ordinal: 1,
    settings: { model: 'm', provider: { baseUrl, apiKeyEnv: KEY_ENV } },
    request: request(),
    ...over,
  };
}
