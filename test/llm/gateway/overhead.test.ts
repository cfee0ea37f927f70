/**
 * The gateway's own work per model call (hashing the request for its key, normalising the
 * answer, scrubbing it, serialising the cassette line) stays well under 1 ms for a typical
 * request: 40 messages of a few hundred characters and 12 tools with JSON Schemas.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { normaliseMessage, normaliseUsage } from '../../../src/llm/gateway/normalise.js';
import { scrubMessage } from '../../../src/llm/gateway/redact.js';
import { hashRequest } from '../../../src/llm/gateway/request-key.js';
import type { ChatMessage, ChatTool } from '../../../src/llm/types.js';
import { completion } from './chat-server.js';
import { FAKE_KEY, chatCall, request } from './fixtures.js';
import { sized } from '../../support/sizes.js';

/** The bound: 1 ms in the full run; in `npm test`, on a machine busy with other suites, 5 ms (still catching a blow-up). */
const BOUND_MS = sized(5, 1);

const tools: ChatTool[] = Array.from({ length: 12 }, (_, i) => ({
  type: 'function',
  function: {
    name: `tool_${i}`,
    description: `Does thing ${i} to the world; returns what changed. `.repeat(3),
    parameters: {
      type: 'object',
      properties: { id: { type: 'string' }, amount: { type: 'number' }, note: { type: 'string', maxLength: 200 } },
      required: ['id'],
      additionalProperties: false,
    },
  },
}));
const messages: ChatMessage[] = Array.from({ length: 40 }, (_, i): ChatMessage =>
  i % 2 === 0
    ? {
        role: 'tool',
        tool_call_id: `c${i}`,
        content: JSON.stringify({ ok: true, rows: [{ id: i, text: 'x'.repeat(200) }] }),
      }
    : {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: `c${i + 1}`, type: 'function', function: { name: 'tool_1', arguments: '{"id":"a"}' } }],
      },
);
const answer = completion(
  {
    content: 'Closing it now.',
    tool_calls: [{ id: 't', type: 'function', function: { name: 'tool_2', arguments: '{"id":"42"}' } }],
  },
  { prompt_tokens: 9000, completion_tokens: 40 },
);

describe('gateway overhead', () => {
  it('hashes, normalises and serialises a typical call in well under 1 ms', () => {
    const call = chatCall('http://127.0.0.1:1/v1', { request: request('m', { messages, tools }) });
    const once = () => {
      const { key } = hashRequest(call);
      const message = scrubMessage(
        normaliseMessage(answer, (i) => `${key}_${i}`),
        FAKE_KEY,
      );
      const usage = normaliseUsage((answer as { usage: unknown }).usage);
      return JSON.stringify({
        key,
        ordinal: 1,
        request: call.request,
        answer: { message, usage, latencyMs: 200, attempts: [] },
      }).length;
    };
    for (let i = 0; i < 50; i++) once();
    const runs = 300;
    const started = performance.now();
    for (let i = 0; i < runs; i++) once();
    const perCall = (performance.now() - started) / runs;
    console.log(
      `gateway overhead: ${(perCall * 1000).toFixed(0)} µs per call (${JSON.stringify(call.request).length} request chars)`,
    );
    expect(perCall).toBeLessThan(BOUND_MS);
  });
});
