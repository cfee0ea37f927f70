/**
 * What a real AI SDK team sets per role reaches its models: the system prompt, `temperature`,
 * `maxOutputTokens` and `providerOptions` of each `generateText` call, and the role's own tools
 * beside the env's. The user's tools run locally — no env step, the digest stays the oracle's —
 * and their calls are in the turn of the role's next step. A config that cannot work is refused
 * with an `InvalidArgumentError` naming the field: when the team is built, or (what needs the
 * task: role ids, tool names of the env) when its episode opens.
 */
import { jsonSchema, tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { aiSdkTeam, type AiSdkRole, type AiSdkTeamConfig } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import { runEvaluation } from '../../../src/run/runner.js';
import { registerTeam } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { toolCallModels } from './scripted.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 3;

async function oracleCalls() {
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb: 'production' });
  const calls = new Map<string, { name: string; args: Record<string, unknown> }[]>();
  for (const s of oracle.trajectory)
    calls.set(s.role, [...(calls.get(s.role) ?? []), actionToToolCall(s.action as Action)]);
  return { oracle, calls };
}

function play(config: AiSdkTeamConfig) {
  const team = aiSdkTeam(config);
  return team.play({ env: ENV, team, seed: SEED, perturb: 'production' });
}

const noteTool = (ran: string[]) =>
  tool({
    description: "Looks up the team's notes on a topic.",
    inputSchema: jsonSchema<{ topic: string }>({
      type: 'object',
      properties: { topic: { type: 'string' } },
      required: ['topic'],
      additionalProperties: false,
    }),
    execute: ({ topic }) => {
      ran.push(topic);
      return Promise.resolve(`No notes on ${topic}.`);
    },
  });

describe('AI SDK team per-role settings', () => {
  it("passes each role's system prompt and generateText settings to its model", async () => {
    const { oracle, calls } = await oracleCalls();
    const models = toolCallModels(calls);
    const result = await play({
      id: 'ai-sdk-settings',
      roles: {
        planner: {
          model: models['planner'] as MockLanguageModelV3,
          system: 'You plan renames carefully.',
          temperature: 0.2,
          maxOutputTokens: 800,
          providerOptions: { openai: { reasoningEffort: 'low' } },
        },
        executor: { model: models['executor'] as MockLanguageModelV3, temperature: 0 },
        reviewer: { model: models['reviewer'] as MockLanguageModelV3 },
      },
    });
    expect(result.digest).toBe(oracle.digest);
    const planner = (models['planner'] as MockLanguageModelV3).doGenerateCalls;
    expect(planner.length).toBeGreaterThan(1);
    for (const call of planner) {
      expect(call.prompt[0]).toEqual({ role: 'system', content: 'You plan renames carefully.' });
      expect(call).toMatchObject({
        temperature: 0.2,
        maxOutputTokens: 800,
        providerOptions: { openai: { reasoningEffort: 'low' } },
      });
    }
    const executor = (models['executor'] as MockLanguageModelV3).doGenerateCalls[0];
    expect(executor?.temperature).toBe(0);
    expect(executor?.prompt[0]?.role).toBe('user');
    // The task as the role's loop is told it: no MCP session tool it does not have.
    const task = JSON.stringify(executor?.prompt[0]?.content);
    expect(task).toContain('You are the executor of a team');
    expect(task).not.toContain('await_turn');
    expect(executor?.maxOutputTokens).toBeUndefined();
    expect(executor?.providerOptions).toBeUndefined();
  });

  it("offers the role's own tools beside the env's; they run locally and are noted in the next step's turn", async () => {
    const { oracle, calls } = await oracleCalls();
    calls.set('planner', [{ name: 'team_notes', args: { topic: 'renames' } }, ...(calls.get('planner') ?? [])]);
    const models = toolCallModels(calls);
    const ran: string[] = [];
    const roles: Record<string, AiSdkRole> = Object.fromEntries(
      Object.entries(models).map(([role, model]) => [role, { model }]),
    );
    const result = await play({
      id: 'ai-sdk-own-tools',
      roles: { ...roles, planner: { ...(roles['planner'] as AiSdkRole), tools: { team_notes: noteTool(ran) } } },
    });
    expect(ran).toEqual(['renames']);
    // Not an env step: the same actions, the same digest as the oracle.
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    expect(result.steps).toBe(oracle.steps);
    const first = result.trajectory[0];
    expect(first?.turn?.calls.map((c) => c.message.toolCalls.map((t) => t.name))).toEqual([
      ['team_notes'],
      [oracle.trajectory[0] ? actionToToolCall(oracle.trajectory[0].action as Action).name : ''],
    ]);
    expect(first?.turn?.notes).toEqual(['local tool team_notes, call planner-1']);
    expect(result.usage?.calls).toBe(oracle.steps + 1);
    // The planner's model saw its own tool and the env's.
    const offered = (models['planner'] as MockLanguageModelV3).doGenerateCalls[0]?.tools?.map((t) => t.name) ?? [];
    expect(offered).toEqual(expect.arrayContaining(['team_notes', 'read_file', 'handoff']));
    expect((models['executor'] as MockLanguageModelV3).doGenerateCalls[0]?.tools?.map((t) => t.name)).not.toContain(
      'team_notes',
    );
  });

  it('refuses a config that cannot work, naming the field, the value and the fix', async () => {
    const model = new MockLanguageModelV3();
    const base = { id: 'ai-sdk-bad', roles: { planner: { model }, executor: { model }, reviewer: { model } } };
    const built = (config: unknown) => () => aiSdkTeam(config as AiSdkTeamConfig);
    expect(built({ ...base, roles: { planner: { model: 'openai/gpt-5' } } })).toThrow(
      /roles: \{ planner: \{ model \} \}.*got "openai\/gpt-5", expected an AI SDK language model of specification v3/,
    );
    expect(built({ ...base, roles: { planner: { model, tools: { handoff: noteTool([]) } } } })).toThrow(
      /planner: \{ tools \}.*got "handoff", expected a tool name other than the team actions/,
    );
    expect(built({ ...base, prices: { input: 1 } })).toThrow(/aiSdkTeam\(\{ prices \}\)\.output: got undefined/);
    expect(built({ ...base, roles: { planner: { model, temperature: Number.NaN } } })).toThrow(
      /planner: \{ temperature \}.*expected a finite number >= 0/,
    );
    expect(built({ ...base, roles: { planner: { model, maxOutputTokens: 0 } } })).toThrow(InvalidArgumentError);
    expect(built({ ...base, roles: {} })).toThrow(/at least one role/);

    // What needs the task is checked when the episode opens.
    await expect(play({ ...base, roles: { ...base.roles, planer: { model } } })).rejects.toThrow(
      /roles: \{ planer \} \}\) on env "filesystem\/rename-symbol-v1": got "planer", expected one of the task's roles \(planner, executor, reviewer\)/,
    );
    await expect(
      play({ ...base, roles: { ...base.roles, executor: { model, tools: { read_file: noteTool([]) } } } }),
    ).rejects.toThrow(
      /executor: \{ tools \} \} \}\) on env .*got "read_file", expected a name other than the env's tools of role "executor"/,
    );
    expect(model.doGenerateCalls).toHaveLength(0);

    // In a run, the error stops the run with its message, as an unknown team does.
    registerTeam(aiSdkTeam({ ...base, id: 'ai-sdk-typo', roles: { ...base.roles, reveiwer: { model } } }));
    await expect(runEvaluation({ envs: [ENV], teams: ['ai-sdk-typo'], seeds: [0] })).rejects.toThrow(
      /got "reveiwer", expected one of the task's roles/,
    );
  });
});
