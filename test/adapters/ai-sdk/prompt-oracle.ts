/**
 * A scripted model that reads its prompt: the task text names the env, seed, trial and role
 * ("# faultline episode: ENV, seed S, trial T" / "You are the ROLE of a team"), and the
 * conversation holds the tool calls the role already made, so the next reply is that role's next
 * action in the oracle's episode of the same key — with no state in the model. One model serves
 * every episode of a run, in any order and on any thread, as a real provider would.
 */
import type { LanguageModelV3GenerateResult, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';

/** Per episode (`env|seed|trial`), per role, the oracle's tool calls in order. */
export type OracleScript = ReadonlyMap<string, ReadonlyMap<string, readonly ToolCall[]>>;

/** A tool call to make: its tool's name and arguments. */
export interface ToolCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/** The oracle's tool calls for every (seed, trial 0) of `env` under `perturb`. */
export async function oracleScript(env: string, seeds: readonly number[], perturb: string): Promise<OracleScript> {
  const script = new Map<string, Map<string, ToolCall[]>>();
  for (const seed of seeds) {
    const oracle = await runEpisode({ env, team: oracleTeam, seed, perturb });
    const roles = new Map<string, ToolCall[]>();
    for (const step of oracle.trajectory) {
      const list = roles.get(step.role) ?? [];
      list.push(actionToToolCall(step.action as Action));
      roles.set(step.role, list);
    }
    script.set(`${env}|${seed}|0`, roles);
  }
  return script;
}

/** The next tool call of the role whose task text is `task`, after `made` calls; null when it has none left. */
export function nextCall(script: OracleScript, task: string, made: number): ToolCall | null {
  const head = /^# faultline episode: (\S+), seed (\d+), trial (\d+)/.exec(task);
  const role = /^You are the (\S+) of a team/m.exec(task);
  if (!head || !role) throw new Error(`not a faultline task text: ${task.slice(0, 80)}`);
  const calls = script.get(`${head[1]}|${head[2]}|${head[3]}`)?.get(role[1] as string);
  if (!calls) throw new Error(`no oracle script for ${head[1]} seed ${head[2]} trial ${head[3]} role ${role[1]}`);
  return calls[made] ?? null;
}

/** A `MockLanguageModelV3` answering every episode of `script` from its prompt alone. */
export function promptOracleModel(script: OracleScript, modelId = 'prompt-oracle'): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    modelId,
    doGenerate: ({ prompt }) => {
      const call = nextCall(script, firstUserText(prompt), toolCallsIn(prompt));
      const result: LanguageModelV3GenerateResult = {
        content: call
          ? [
              {
                type: 'tool-call',
                toolCallId: `call-${toolCallsIn(prompt)}`,
                toolName: call.name,
                input: JSON.stringify(call.args),
              },
            ]
          : [{ type: 'text', text: 'Nothing left for me to do.' }],
        finishReason: { unified: call ? 'tool-calls' : 'stop', raw: undefined },
        // Tokens grow with the conversation, as a provider's would.
        usage: {
          inputTokens: {
            total: 200 + 50 * prompt.length,
            noCache: 150 + 50 * prompt.length,
            cacheRead: 50,
            cacheWrite: 0,
          },
          outputTokens: { total: 12, text: 12, reasoning: 0 },
        },
        warnings: [],
      };
      return Promise.resolve(result);
    },
  });
}

function firstUserText(prompt: LanguageModelV3Prompt): string {
  const user = prompt.find((m) => m.role === 'user');
  const part = user?.content.find((p) => p.type === 'text');
  return part?.type === 'text' ? part.text : '';
}

function toolCallsIn(prompt: LanguageModelV3Prompt): number {
  return prompt.reduce(
    (n, m) => n + (m.role === 'assistant' ? m.content.filter((p) => p.type === 'tool-call').length : 0),
    0,
  );
}
