/**
 * An AI SDK team never throws for what its models do: a model that fails or hangs, one that only talks,
 * or a task role without a model end the episode as an agent error with the reason; tool calls a
 * model makes after its own handoff in the same reply are not taken.
 */
import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { aiSdkTeam, type AiSdkRole } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import type { EpisodeResult } from '../../../src/team/episode.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 1;

const usage: LanguageModelV3GenerateResult['usage'] = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

async function play(roles: Record<string, AiSdkRole>): Promise<EpisodeResult> {
  const team = aiSdkTeam({ id: 'ai-sdk-edges', roles, maxIdleTurns: 2 });
  return team.play({ env: ENV, team, seed: SEED });
}

async function taskRoles(): Promise<string[]> {
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });
  return [...new Set(oracle.trajectory.map((s) => s.role))];
}

describe('aiSdkTeam edges', () => {
  it('a model that throws ends the episode as an agent error naming the role', async () => {
    const failing = new MockLanguageModelV3({
      doGenerate: () => Promise.reject(new Error('provider down')),
    });
    const roles = await taskRoles();
    const result = await play(Object.fromEntries(roles.map((r) => [r, { model: failing }])));
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toContain('provider down');
    expect(result.error?.message).toContain(roles[0]);
  });

  it('a model call out of its time is aborted, and the episode is a timeout', async () => {
    const hanging = new MockLanguageModelV3({
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal?.addEventListener('abort', () => reject(abortSignal.reason as Error), { once: true }),
        ),
    });
    const roles = await taskRoles();
    const team = aiSdkTeam({
      id: 'ai-sdk-edges',
      roles: Object.fromEntries(roles.map((r) => [r, { model: hanging }])),
    });
    const result = await team.play({
      env: ENV,
      team,
      seed: SEED,
      budget: { agentTimeoutMs: 50 },
    });
    expect(result.outcome).toBe('timeout');
    expect(result.error?.role).toBe(roles[0]);
  });

  it('a model that only talks ends the episode after its idle turns', async () => {
    const talker = new MockLanguageModelV3({
      doGenerate: {
        content: [{ type: 'text', text: 'Let me think.' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      },
    });
    const roles = await taskRoles();
    const result = await play(Object.fromEntries(roles.map((r) => [r, { model: talker }])));
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/took no action in 2 turns/);
    expect(result.steps).toBe(0);
  });

  it('a task role without a model is an agent error before any step', async () => {
    const [entry, ...others] = await taskRoles();
    const result = await play({ [entry as string]: { model: new MockLanguageModelV3() } });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toContain(`no model for role(s) ${others.join(', ')}`);
    expect(result.steps).toBe(0);
  });

  it('calls after a handoff in the same reply are not taken', async () => {
    const [entry, other] = await taskRoles();
    const reply = new MockLanguageModelV3({
      doGenerate: {
        content: [
          {
            type: 'tool-call',
            toolCallId: 'a',
            toolName: 'handoff',
            input: JSON.stringify({ to: other, text: 'over to you' }),
          },
          {
            type: 'tool-call',
            toolCallId: 'b',
            toolName: 'handoff',
            input: JSON.stringify({ to: other, text: 'again' }),
          },
        ],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
    });
    const quiet = new MockLanguageModelV3({
      doGenerate: {
        content: [{ type: 'text', text: 'ok' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      },
    });
    const roles = await taskRoles();
    const result = await play(Object.fromEntries(roles.map((r) => [r, { model: r === entry ? reply : quiet }])));
    expect(result.trajectory[0]?.role).toBe(entry);
    expect(result.trajectory[0]?.turn?.toolCall).toEqual({ id: 'a', index: 0, of: 2 });
    expect(result.trajectory.filter((s) => s.role === entry)).toHaveLength(1);
    expect(reply.doGenerateCalls).toHaveLength(1);
  });
});
