/**
 * The whole path from prompt to action is lossless: a scripted model that answers every call with
 * the oracle's next action, as tool calls, makes the LLM team take exactly the oracle's
 * trajectory (same digest) on every env, clean and in production, one call per action or in
 * parallel batches. Every request carries what the role needs: the task, its tools, each handoff.
 */
import { describe, expect, it } from 'vitest';
import { oracleTeam } from '../../../agents/oracle.js';
import { llmTeam } from '../../../src/llm/team.js';
import type { ChatCall } from '../../../src/llm/types.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { builtinEnvIds } from '../../support/envs.js';
import { sized } from '../../support/sizes.js';
import { oracleScript, ScriptedGateway } from './scripted-gateway.js';

const ENVS = builtinEnvIds();
const PROVIDER = { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' };
const PRICES = { input: 1, output: 2 };

const oracles = new Map<string, Promise<EpisodeResult>>();

async function replay(env: string, perturb: string, parallel: boolean) {
  const key = `${env} ${perturb}`;
  if (!oracles.has(key)) oracles.set(key, runEpisode({ env, team: oracleTeam, seed: 0, perturb }));
  const oracle = await (oracles.get(key) as Promise<EpisodeResult>);
  const gateway = new ScriptedGateway(oracleScript(oracle, { parallel }));
  const team = llmTeam({ defaults: { model: 'm', provider: PROVIDER, prices: PRICES }, gateway });
  const result = await runEpisode({ env, team, seed: 0, perturb });
  return { oracle, result, calls: gateway.calls };
}

function text(call: ChatCall): string {
  return call.request.messages.map((m) => m.content ?? '').join('\n');
}

describe.each(['clean', 'production'])('the llm team replaying the oracle (%s)', (perturb) => {
  it.each(ENVS)(
    '%s: reaches the oracle digest, one call per action, each request carrying what the role needs',
    async (env) => {
      const { oracle, result, calls } = await replay(env, perturb, false);
      expect(oracle.outcome).toBe('success');
      expect(result.outcome).toBe(oracle.outcome);
      expect(result.digest).toBe(oracle.digest);
      expect(calls).toHaveLength(result.steps);
      // Ordinals run 1..n across roles; every step carries the call behind it.
      expect(calls.map((c) => c.ordinal)).toEqual(calls.map((_, i) => i + 1));
      for (const step of result.trajectory) {
        expect(step.turn?.calls).toHaveLength(1);
        expect(step.turn?.toolCall).toEqual({ id: `c${step.step - 1}`, index: 0, of: 1 });
      }
      const promptTokens = result.trajectory.reduce((s, t) => s + (t.turn?.calls[0]?.usage.promptTokens ?? 0), 0);
      expect(result.usage?.calls).toBe(calls.length);
      expect(result.usage?.promptTokens).toBe(promptTokens);
      expect(result.usage?.costUsd).toBeGreaterThan(0);
      // Handoffs arrive intact only without faults on them.
      if (perturb === 'clean') checkRequests(result, calls);
    },
  );

  // Parallel batches on every env clean; in production on a few in `npm test`, on all in test:full.
  const parallelEnvs = perturb === 'clean' ? ENVS : ENVS.slice(0, sized(3, ENVS.length));
  it.each(parallelEnvs)('%s: reaches the oracle digest with parallel tool calls and fewer model calls', async (env) => {
    const { oracle, result, calls } = await replay(env, perturb, true);
    expect(result.digest).toBe(oracle.digest);
    expect(calls.length).toBeLessThan(result.steps / 2);
    const queued = result.trajectory.filter((s) => s.turn?.calls.length === 0);
    expect(queued.length).toBe(result.steps - calls.length);
    for (const s of queued) expect(s.turn?.toolCall?.index).toBeGreaterThan(0);
    expect(result.usage?.calls).toBe(calls.length);
  });
});

/** The task and tools in every role's first request; every handoff's content in the receiver's next one. */
function checkRequests(result: EpisodeResult, calls: readonly ChatCall[]): void {
  const firsts = new Map<string, ChatCall>();
  for (const c of calls) if (!firsts.has(c.role)) firsts.set(c.role, c);
  for (const [role, first] of firsts) {
    expect(first.request.messages[0]?.role).toBe('system');
    expect(first.request.messages[0]?.content).toContain(`You are the ${role}`);
    const briefing = result.intent.roles.find((r) => r.id === role);
    const names = first.request.tools.map((t) => t.function.name);
    expect(names).toEqual(expect.arrayContaining([...(briefing?.tools ?? []), 'ask', 'wait']));
    expect(names.includes('finish')).toBe(briefing?.canFinish);
    if (role === result.intent.entryRole) expect(text(first)).toContain(result.intent.request);
  }
  const handoffs = result.trajectory.filter((s) => (s.action as Action).type === 'handoff');
  expect(handoffs.length).toBeGreaterThan(0);
  for (const h of handoffs) {
    const action = h.action as Extract<Action, { type: 'handoff' }>;
    const next = calls.find((c) => c.role === action.to && c.step >= h.step);
    expect(next, `a request of ${action.to} after step ${h.step}`).toBeDefined();
    const message = typeof action.message === 'string' ? { text: action.message } : action.message;
    const seen = text(next as ChatCall);
    if (message.text) expect(seen).toContain(message.text);
    for (const value of Object.values(message.facts ?? {})) expect(seen).toContain(value);
  }
}
