/**
 * How an LLM role handles what a real model does: text instead of a tool call, malformed
 * arguments, several calls when control passes half way, a restart that wipes its memory, a
 * conversation outgrowing its context budget, and a provider that cannot answer.
 */
import { describe, expect, it } from 'vitest';
import { oracleTeam } from '../../../agents/oracle.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { estimateTokens } from '../../../src/llm/agent/context-budget.js';
import { llmTeam, type LlmTeamOptions } from '../../../src/llm/team.js';
import type { ChatCall, ChatMessage } from '../../../src/llm/types.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { ProviderError } from '../../../src/team/provider-error.js';
import { oracleScript, ScriptedGateway, text, toolCallsFor, type Script } from './scripted-gateway.js';

loadBuiltins();
const ENV = 'filesystem/rename-symbol-v1';
const PROVIDER = { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' };

async function oracle(perturb = 'clean'): Promise<EpisodeResult> {
  return runEpisode({ env: ENV, team: oracleTeam, seed: 0, perturb });
}

async function play(script: Script, perturb = 'clean', options: Partial<LlmTeamOptions> = {}) {
  const gateway = new ScriptedGateway(script);
  const team = llmTeam({ defaults: { model: 'm', provider: PROVIDER }, gateway, ...options });
  const result = await runEpisode({ env: ENV, team, seed: 0, perturb });
  return { result, calls: gateway.calls };
}

function last(call: ChatCall | undefined): ChatMessage | undefined {
  return call?.request.messages[call.request.messages.length - 1];
}

describe('text-only replies', () => {
  it('get a reminder, and after maxTextReplies in a row are taken as a reply action the env answers', async () => {
    const o = await oracle();
    const replay = oracleScript(o, { shift: (c) => (c.step >= 1 ? 1 : 0) });
    const { result, calls } = await play((call, i) => (i < 3 ? text(`thinking ${i + 1}`) : replay(call, i)));
    const first = result.trajectory[0];
    expect(first?.action).toEqual({ type: 'reply', text: 'thinking 3' });
    expect(first?.event.kind).toBe('invalid');
    expect(first?.turn?.calls.map((c) => c.message.content)).toEqual(['thinking 1', 'thinking 2', 'thinking 3']);
    expect(first?.turn?.notes).toEqual([
      'text-only reply 1 of 3: reminder sent',
      'text-only reply 2 of 3: reminder sent',
      '3 text-only replies in a row: the last one is taken as an action',
    ]);
    expect(last(calls[1])?.role).toBe('user');
    expect(last(calls[1])?.content).toContain('Reminder');
    expect(last(calls[2])?.content).toContain('(2 of 3 in a row');
    // The env's error goes back to the model, after its reply.
    const after = calls[3]?.request.messages.slice(-2);
    expect(after?.[0]).toEqual({ role: 'assistant', content: 'thinking 3' });
    expect(after?.[1]?.content).toMatch(/^Your reply called no tool.*error invalid_action/s);
    expect(result.invalidActions).toBe(1);
    expect(result.outcome).toBe('success');
  });

  it('resets the count after a tool call, and maxTextReplies 1 takes the first text as the action', async () => {
    const o = await oracle();
    const replay = oracleScript(o, { shift: (c) => (c.step >= 1 ? 1 : 0) });
    const { result, calls } = await play((call, i) => (i === 0 ? text('') : replay(call, i)), 'clean', {
      maxTextReplies: 1,
    });
    expect(result.trajectory[0]?.action).toEqual({ type: 'reply', text: '' });
    expect(calls[1]?.step).toBe(1);
    expect(result.outcome).toBe('success');
  });
});

describe('malformed tool arguments', () => {
  it("go back to the model as the call's error result without an env step, so the team stays on its path", async () => {
    const o = await oracle();
    const replay = oracleScript(o);
    const name = (o.trajectory[0]?.action as Extract<Action, { type: 'tool' }>).tool;
    const { result, calls } = await play((call, i) =>
      i === 0 ? { content: null, toolCalls: [{ id: 'bad', name, arguments: '{"path": ' }] } : replay(call, i),
    );
    expect(result.digest).toBe(o.digest);
    expect(calls[1]?.step).toBe(0);
    const answer = last(calls[1]);
    expect(answer).toMatchObject({ role: 'tool', tool_call_id: 'bad' });
    expect(answer?.content).toMatch(/The arguments of your .* call are not valid JSON/);
    expect(result.trajectory[0]?.turn?.calls.map((c) => c.ordinal)).toEqual([1, 2]);
    expect(result.trajectory[0]?.turn?.notes?.join(' ')).toMatch(/not a JSON object/);
    expect(result.outcome).toBe('success');
  });

  it('are stepped raw once maxTextReplies replies in a row brought no usable call, so the attempt is recorded', async () => {
    const o = await oracle();
    const replay = oracleScript(o, { shift: (c) => (c.step >= 1 ? 1 : 0) });
    const name = (o.trajectory[0]?.action as Extract<Action, { type: 'tool' }>).tool;
    const { result, calls } = await play(
      (call, i) =>
        i < 2 ? { content: null, toolCalls: [{ id: `bad${i}`, name, arguments: '{"path": ' }] } : replay(call, i),
      'clean',
      { maxTextReplies: 2 },
    );
    expect(result.trajectory[0]?.action).toEqual({ type: 'tool', tool: name, args: '{"path": ' });
    expect(result.trajectory[0]?.event.kind).toBe('invalid');
    const answer = last(calls[2]);
    expect(answer).toMatchObject({ role: 'tool', tool_call_id: 'bad1' });
    expect(answer?.content).toMatch(/^error invalid_action: .*\nThe arguments of your .* call are not valid JSON/s);
    expect(result.outcome).toBe('success');
  });

  it('gives calls without an id, or with a repeated one, ids of their own', async () => {
    const o = await oracle();
    const actions = o.trajectory.slice(0, 2).map((s, i) => ({ step: i, action: s.action as Action }));
    const twin = toolCallsFor(actions).toolCalls.map((c) => ({ ...c, id: '' }));
    const replay = oracleScript(o);
    const { result, calls } = await play((call, i) => (i === 0 ? { content: null, toolCalls: twin } : replay(call, i)));
    expect(result.digest).toBe(o.digest);
    expect(result.trajectory.slice(0, 2).map((s) => s.turn?.toolCall?.id)).toEqual(['call_1_1', 'call_1_2']);
    const messages = calls[1]?.request.messages ?? [];
    expect(messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(['call_1_1', 'call_1_2']);
  });
});

describe('several tool calls in one reply', () => {
  it('calls left when control passed elsewhere are answered as not run, and nothing of them reaches the env', async () => {
    const o = await oracle();
    const h = o.trajectory.findIndex((s) => (s.action as Action).type === 'handoff');
    const sender = o.trajectory[h]?.role as string;
    const tool = o.intent.roles.find((r) => r.id === sender)?.tools[0] as string;
    const replay = oracleScript(o);
    const { result, calls } = await play((call, i) => {
      const answer = replay(call, i);
      if (call.step !== h) return answer;
      return { ...answer, toolCalls: [...answer.toolCalls, { id: 'extra', name: tool, arguments: '{}' }] };
    });
    expect(result.digest).toBe(o.digest);
    expect(result.trajectory[h]?.turn?.toolCall).toEqual({ id: `c${h}`, index: 0, of: 2 });
    const back = calls.find((c) => c.role === sender && c.step > h + 1);
    const tools = back?.request.messages.filter((m) => m.role === 'tool').slice(-2);
    expect(tools?.map((m) => (m.role === 'tool' ? m.tool_call_id : ''))).toEqual([`c${h}`, 'extra']);
    expect(tools?.[0]?.content).toContain('handed off');
    expect(tools?.[1]?.content).toMatch(/^Not run: control passed/);
    const step = result.trajectory.find((s) => s.role === sender && s.step > h + 1);
    expect(step?.turn?.notes).toContain('1 tool call of the last reply not run: control passed to another role');
  });
});

describe('memory loss', () => {
  it('drops the restarted role’s conversation: its next request holds only the system prompt and one message', async () => {
    const o = await oracle('memory-loss');
    const restart = o.trajectory.flatMap((s) => s.event.perturbations ?? []).find((p) => p.type === 'memory-loss');
    expect(restart).toBeDefined();
    const { result, calls } = await play(oracleScript(o), 'memory-loss');
    expect(result.digest).toBe(o.digest);
    const role = restart?.role as string;
    const fresh = calls.filter((c) => c.role === role && c.request.messages.length === 2);
    expect(fresh).toHaveLength(2);
    const [, again] = fresh;
    expect(again?.request.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(again?.request.messages[1]?.content).toContain('You were restarted');
    const before = calls.filter((c) => c.role === role && c.ordinal < (again?.ordinal ?? 0)).pop();
    expect(before?.request.messages.length).toBeGreaterThan(2);
    // The episode's call ordinals go on counting across the restart.
    expect(calls.map((c) => c.ordinal)).toEqual(calls.map((_, i) => i + 1));
  });
});

describe('the context budget', () => {
  it('elides the oldest tool results, says so in the conversation and in the step, and changes no action', async () => {
    const o = await oracle();
    const budget = 1500;
    const { result, calls } = await play(oracleScript(o), 'clean', { contextBudget: budget });
    expect(result.digest).toBe(o.digest);
    const elided = calls.filter((c) =>
      c.request.messages.some((m) => m.role === 'tool' && m.content.startsWith('[elided by the context budget:')),
    );
    expect(elided.length).toBeGreaterThan(0);
    const notes = result.trajectory.flatMap((s) => s.turn?.notes ?? []);
    expect(notes.some((n) => /^context budget: elided the \d+ oldest tool results? \(\d+ characters\)/.test(n))).toBe(
      true,
    );
    for (const c of calls) {
      const messages = c.request.messages;
      expect(messages[0]?.role).toBe('system');
      // The newest result is never elided; what can be elided is, down to the budget.
      const newest = messages[messages.length - 1];
      if (newest?.role === 'tool') expect(newest.content.startsWith('[elided')).toBe(false);
      const elidable = messages.some(
        (m, i) =>
          m.role === 'tool' && !m.content.startsWith('[elided') && i < messages.length - 1 && m.content.length > 300,
      );
      if (elidable && estimateTokens(messages) > budget) expect.fail(`call ${c.ordinal} is over the budget`);
    }
    // Without a budget nothing is elided.
    const free = await play(oracleScript(o));
    expect(free.calls.some((c) => c.request.messages.some((m) => m.content?.startsWith('[elided')))).toBe(false);
  });
});

describe('provider errors', () => {
  it('a non-fatal one ends the episode as provider_error, the calls already made still counted', async () => {
    const o = await oracle();
    const replay = oracleScript(o);
    const { result } = await play((call, i) => {
      if (i === 2) return text('hmm');
      if (i === 3) throw new ProviderError('the provider answered 500 six times', { status: 500 });
      return replay(call, i);
    });
    expect(result.outcome).toBe('provider_error');
    expect(result.error?.message).toContain('500 six times');
    expect(result.steps).toBe(2);
    expect(result.usage?.calls).toBe(3);
  });

  it('a fatal one stops the episode with the error', async () => {
    const fatal = new ProviderError('the provider rejected the API key in $OPENAI_API_KEY', {
      fatal: true,
      status: 401,
    });
    await expect(
      play(() => {
        throw fatal;
      }),
    ).rejects.toBe(fatal);
  });

  it('the agent passes the step’s abort signal to the gateway', async () => {
    const signals: AbortSignal[] = [];
    const gateway = {
      complete: (_call: ChatCall, signal: AbortSignal) => {
        signals.push(signal);
        return Promise.reject(new ProviderError('down'));
      },
    };
    const team = llmTeam({ defaults: { model: 'm', provider: PROVIDER }, gateway });
    const result = await runEpisode({ env: ENV, team, seed: 0 });
    expect(result.outcome).toBe('provider_error');
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });
});
