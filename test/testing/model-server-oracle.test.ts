/**
 * The oracle responder: a scripted model that replays an oracle run's actions through tool
 * calls. A minimal model-backed team (prompt → real HTTP → tool calls → actions) driven by it
 * takes exactly the oracle's actions on every env, also with parallel calls and faults injected.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { builtinEnvIds } from '../../src/builtins.js';
import { toolCallToAction } from '../../src/llm/tool-calls.js';
import { FAULTLINE_HEADERS } from '../../src/llm/types.js';
import { episodeId } from '../../src/run/episode-id.js';
import type { Team } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { oracleTeam } from '../../src/public/teams.js';
import { sized } from '../support/sizes.js';
import {
  oracleResponder,
  startScriptedModelServer,
  withFaults,
  type OracleStep,
} from '../../src/testing/model-server/index.js';

const KEY = 'sk-test-oracle';
const TEAM = 'scripted-model';

beforeAll(() => loadBuiltins());

/**
 * A team whose every role asks the model at `url` for its next action, with the observation as
 * the prompt, and runs the tool calls it gets back as its next consecutive actions. Transport
 * faults are retried; a text-only answer or malformed arguments are asked again.
 */
function modelTeam(url: string): Team {
  const client = new OpenAI({ baseURL: url, apiKey: KEY, maxRetries: 0 });
  return {
    id: TEAM,
    description: 'Asks a model for each action through tool calls.',
    createAgents: (start) => {
      const episode = episodeId({ ...start, team: TEAM });
      let ordinal = 0;
      const queued = new Map<string, unknown[]>();
      const agentFor = (role: string) => ({
        act: async (observation: { step: number; text: string }, context: { signal: AbortSignal }) => {
          const waiting = queued.get(role);
          if (waiting !== undefined && waiting.length > 0) return waiting.shift();
          for (let attempt = 0; attempt < 12; attempt++) {
            const call = ++ordinal;
            let answer: OpenAI.Chat.ChatCompletion;
            try {
              answer = await client.chat.completions.create(
                { model: 'm', messages: [{ role: 'user', content: observation.text }] },
                {
                  signal: context.signal,
                  headers: {
                    [FAULTLINE_HEADERS.episode]: episode,
                    [FAULTLINE_HEADERS.role]: role,
                    [FAULTLINE_HEADERS.step]: String(observation.step),
                    [FAULTLINE_HEADERS.call]: String(call),
                  },
                },
              );
            } catch (e) {
              // A retry is the same request again: the same ordinal.
              if (e instanceof OpenAI.APIConnectionError || (e instanceof OpenAI.APIError && (e.status ?? 0) >= 429)) {
                ordinal--;
                continue;
              }
              throw e;
            }
            const actions: unknown[] = [];
            for (const toolCall of answer.choices[0]!.message.tool_calls ?? []) {
              if (toolCall.type !== 'function') continue;
              const read = toolCallToAction(toolCall.function);
              if (!read.ok) break;
              actions.push(read.action);
            }
            if (actions.length === 0) continue;
            queued.set(role, actions.slice(1));
            return actions[0];
          }
          throw new Error(`no usable answer for step ${observation.step}`);
        },
      });
      return Object.fromEntries(start.roles.map((r) => [r.id, agentFor(r.id)]));
    },
  };
}

/** The oracle's episodes, by the id the model team's episode of the same (env, seed, trial, variant) has. */
async function oracleRuns(envs: readonly string[], seed: number): Promise<Map<string, EpisodeResult>> {
  const runs = new Map<string, EpisodeResult>();
  for (const env of envs) {
    const r = await runEpisode({ env, team: oracleTeam, seed, perturb: 'production' });
    runs.set(episodeId({ envId: r.envId, team: TEAM, seed: r.seed, trial: r.trial, variant: r.variant }), r);
  }
  return runs;
}

describe('oracleResponder', () => {
  const STEPS: readonly OracleStep[] = [
    {
      role: 'planner',
      action: { type: 'handoff', to: 'executor', message: { text: 'rename foo', facts: { f1: 'bar' } } },
    },
    { role: 'executor', action: { type: 'tool', tool: 'read_file', args: { path: 'a.ts' } } },
    { role: 'executor', action: { type: 'tool', tool: 'write_file', args: { path: 'a.ts', text: 'bar' } } },
    { role: 'executor', action: { type: 'finish', answer: 'renamed', status: 'done' } },
  ];
  const ask = (client: OpenAI, headers: Record<string, string>) =>
    client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'next?' }] }, { headers });

  it('answers step S with the tool call of action S, and the role’s next actions when parallel', async () => {
    for (const parallel of [false, true]) {
      const server = await startScriptedModelServer({
        respond: oracleResponder({ actionsFor: (id) => (id === 'ep' ? STEPS : undefined), parallel }),
      });
      try {
        const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
        const calls = async (step: number, role: string) =>
          (
            await ask(client, {
              'x-faultline-episode': 'ep',
              'x-faultline-step': String(step),
              'x-faultline-role': role,
              'x-faultline-call': '3',
            })
          ).choices[0]!.message.tool_calls!.map((c) => (c.type === 'function' ? { id: c.id, ...c.function } : c));
        expect(await calls(0, 'planner')).toEqual([
          {
            id: 'call_0_3_0',
            name: 'handoff',
            arguments: '{"to":"executor","text":"rename foo","facts":{"f1":"bar"}}',
          },
        ]);
        const executor = await calls(1, 'executor');
        expect(executor.map((c) => toolCallToAction(c as { name: string; arguments: string }))).toEqual(
          STEPS.slice(1, parallel ? 4 : 2).map((s) => ({ ok: true, action: s.action })),
        );
        expect(executor.map((c) => c.id)).toEqual(
          ['call_1_3_0', 'call_1_3_1', 'call_1_3_2'].slice(0, parallel ? 3 : 1),
        );
      } finally {
        await server.close();
      }
    }
  });

  it('a request it cannot place is a 400 saying why', async () => {
    const server = await startScriptedModelServer({
      respond: oracleResponder({ actionsFor: (id) => (id === 'ep' ? STEPS : undefined) }),
    });
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
      const refusal = async (headers: Record<string, string>) => {
        const e = await ask(client, headers).catch((error: unknown) => error);
        expect(e).toBeInstanceOf(OpenAI.BadRequestError);
        return (e as Error).message;
      };
      expect(await refusal({})).toMatch(/needs the x-faultline-episode and x-faultline-step headers/);
      expect(await refusal({ 'x-faultline-episode': 'other', 'x-faultline-step': '0' })).toMatch(
        /knows no actions for episode "other"/,
      );
      expect(await refusal({ 'x-faultline-episode': 'ep', 'x-faultline-step': '9' })).toMatch(
        /has 4 known actions \(steps 0..3\); there is none at step 9/,
      );
      expect(
        await refusal({ 'x-faultline-episode': 'ep', 'x-faultline-step': '0', 'x-faultline-role': 'executor' }),
      ).toMatch(/the known action is role "planner"'s, but the request is role "executor"'s/);
    } finally {
      await server.close();
    }
  });

  it('a model team driven by it takes the oracle’s actions on every env, also with parallel calls and faults', async () => {
    // The built-in envs only: other files sharing this module graph register fixture envs.
    const envs = builtinEnvIds();
    expect(envs.length).toBeGreaterThanOrEqual(9);
    const oracle = await oracleRuns(envs, 0);
    const actionsFor = (id: string) => oracle.get(id)?.trajectory;
    const faulted = withFaults(oracleResponder({ actionsFor }), {
      rateLimit: { rate: 0.1, retryAfterSeconds: 0 },
      serverError: { rate: 0.05 },
      drop: { rate: 0.05 },
      malformedArguments: 0.1,
      textOnly: 0.1,
      parallel: 0.3,
    });
    // The plain replay is the faulted one's special case: in the full run only.
    for (const respond of sized([faulted], [oracleResponder({ actionsFor }), faulted])) {
      const server = await startScriptedModelServer({ respond, apiKey: KEY });
      try {
        const team = modelTeam(server.url);
        for (const env of envs) {
          const r = await runEpisode({ env, team, seed: 0, perturb: 'production' });
          const o = oracle.get(episodeId({ envId: r.envId, team: TEAM, seed: 0, trial: 0, variant: 0 }))!;
          expect({ env, outcome: r.outcome, digest: r.digest, steps: r.steps }).toEqual({
            env,
            outcome: o.outcome,
            digest: o.digest,
            steps: o.steps,
          });
        }
        expect(server.requests.every((req) => req.authorized)).toBe(true);
        expect(server.requests.some((req) => req.answer?.kind === 'error' && req.answer.status === 400)).toBe(false);
        if (respond === faulted) {
          const kinds = new Set(
            server.requests.map((req) => (req.answer?.kind === 'error' ? req.answer.status : req.answer?.kind)),
          );
          expect([...kinds].sort()).toEqual(['completion', 'drop', 429, 500].sort());
          const parallel = server.requests.filter((req) => {
            const body =
              req.answer?.kind === 'completion' ? (req.answer.body as OpenAI.Chat.ChatCompletion) : undefined;
            return (body?.choices[0]?.message.tool_calls?.length ?? 0) > 1;
          });
          expect(parallel.length).toBeGreaterThan(0);
        }
      } finally {
        await server.close();
      }
    }
    expect([...oracle.values()].filter((o) => o.success).length).toBeGreaterThanOrEqual(envs.length - 1);
  });
});
