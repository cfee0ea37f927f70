/** The pieces of a role's conversation: system prompt, tools, tool results, elision. */
import { describe, expect, it } from 'vitest';
import { elideToBudget, estimateTokens } from '../../../src/llm/agent/context-budget.js';
import { chatTools, inboxMessageText, systemPrompt, toolResultText } from '../../../src/llm/agent/prompt.js';
import type { ChatMessage } from '../../../src/llm/types.js';
import type { RoleBriefing } from '../../../src/team/agent.js';
import { teamActionDefinitions } from '../../../src/team/tool-definitions.js';

const read = { name: 'read', description: 'Read a file', parameters: { type: 'object' }, readOnly: true };
const planner: RoleBriefing = {
  id: 'planner',
  description: 'plans the work',
  canFinish: true,
  tools: [],
  teamActions: teamActionDefinitions(['executor'], true),
};
const executor: RoleBriefing = {
  id: 'executor',
  description: 'does the work',
  canFinish: false,
  tools: [read],
  teamActions: teamActionDefinitions(['planner'], false),
};

describe('systemPrompt', () => {
  it('says who the role is, who its teammates are, the protocol, and adds the instructions', () => {
    const text = systemPrompt(executor, [planner, executor], 'Be brief.');
    expect(text).toContain('You are the executor');
    expect(text).toContain('Your role: does the work');
    expect(text).toContain('- planner: plans the work (can finish the task)');
    expect(text).not.toContain('- executor:');
    expect(text).toMatch(/call `handoff` with a message that carries every fact they need/);
    expect(text).toContain('call `ask`');
    expect(text).toContain('call `wait`');
    expect(text).toContain('You cannot finish the task');
    expect(text).toMatch(/## Instructions\nBe brief\.$/);
    const lead = systemPrompt(planner, [planner, executor]);
    expect(lead).toContain('call `finish` with status "done"');
    expect(lead).not.toContain('## Instructions');
  });

  it('offers the world tools then the team actions, as chat tools, computed once', () => {
    const tools = chatTools(executor);
    expect(tools.map((t) => t.function.name)).toEqual(['read', 'handoff', 'ask', 'wait']);
    expect(tools[0]).toEqual({
      type: 'function',
      function: { name: 'read', description: 'Read a file', parameters: { type: 'object' } },
    });
    expect(chatTools(executor)).toBe(tools);
  });
});

describe('messages', () => {
  it('renders results, errors and handoffs', () => {
    expect(toolResultText({ action: 'read', ok: true, result: { size: 3 } })).toBe('ok\n{\n "size": 3\n}');
    expect(toolResultText({ action: 'read', ok: false, error: { code: 'not_found', message: 'no file' } })).toBe(
      'error not_found: no file',
    );
    expect(toolResultText(null, 'bad JSON')).toBe('(no result)\nbad JSON');
    expect(
      inboxMessageText({ from: 'planner', step: 4, message: { text: 'Paint it', facts: { colour: 'blue' } } }),
    ).toBe('Message from planner (step 4): Paint it | facts: colour=blue');
  });
});

describe('elideToBudget', () => {
  const call = (id: string) => ({
    role: 'assistant' as const,
    content: null,
    tool_calls: [{ id, type: 'function' as const, function: { name: 'read', arguments: '{}' } }],
  });
  const conversation: ChatMessage[] = [
    { role: 'system', content: 'S'.repeat(100) },
    { role: 'user', content: 'U'.repeat(100) },
    call('a'),
    { role: 'tool', tool_call_id: 'a', content: 'A'.repeat(2000) },
    call('b'),
    { role: 'tool', tool_call_id: 'b', content: 'B'.repeat(2000) },
    call('c'),
    { role: 'tool', tool_call_id: 'c', content: 'C'.repeat(2000) },
  ];

  it('leaves a conversation within the budget alone', () => {
    expect(elideToBudget(conversation, 10_000)).toEqual({ messages: conversation, elided: 0, chars: 0 });
  });

  it('elides the oldest tool results first, never the newest, and never changes the input', () => {
    const before = JSON.stringify(conversation);
    const r = elideToBudget(conversation, 800);
    expect(r.elided).toBe(2);
    expect(r.chars).toBe(4000);
    expect(r.messages[3]?.content).toMatch(/^\[elided by the context budget: 2000 characters .* within 800 tokens/);
    expect(r.messages[5]?.content).toMatch(/^\[elided by the context budget: 2000 characters/);
    expect(r.messages[7]).toBe(conversation[7]);
    expect(estimateTokens(r.messages)).toBeLessThan(estimateTokens(conversation));
    expect(JSON.stringify(conversation)).toBe(before);
    // Already elided results are not elided again.
    expect(elideToBudget(r.messages, 800).elided).toBe(0);
  });
});
