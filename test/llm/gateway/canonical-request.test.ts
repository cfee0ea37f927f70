import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/canonical.js';
import { canonicalRequest } from '../../../src/llm/gateway/canonical-request.js';
import type { ChatMessage, ChatRequest, ChatTool } from '../../../src/llm/types.js';

const tools: readonly ChatTool[] = Object.freeze([
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Reads a file.',
      parameters: { type: 'object', properties: { path: { type: 'string' }, '10': {}, '2': {} }, required: ['path'] },
    },
  },
]);

describe('canonicalRequest', () => {
  it('is canonicalJson(request) as a conversation grows, with cached messages reused', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'You are the planner.' }];
    for (let i = 0; i < 6; i++) {
      const request: ChatRequest = { model: 'm', messages: [...messages], tools, temperature: i === 3 ? -0 : 0.5 };
      // Twice: the second call is served from the cache.
      expect(canonicalRequest(request)).toBe(canonicalJson(request));
      expect(canonicalRequest(request)).toBe(canonicalJson(request));
      messages.push(
        i % 2 === 0
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: `c${i}`, type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } },
              ],
            }
          : { role: 'tool', tool_call_id: `c${i - 1}`, content: `{"z":1,"a":"${'x'.repeat(i)}"}` },
      );
    }
  });

  it('drops undefined fields, turns non-finite numbers into null and keeps unfrozen tool lists uncached', () => {
    const mutableTools: ChatTool[] = [...tools];
    const request = {
      model: 'm',
      messages: [{ role: 'user', content: 'hi', extra: undefined }],
      tools: mutableTools,
      top_p: Number.NaN,
      seed: undefined,
    } as unknown as ChatRequest;
    expect(canonicalRequest(request)).toBe(canonicalJson(request));
    mutableTools.pop();
    expect(canonicalRequest(request)).toBe(canonicalJson(request));
  });
});
