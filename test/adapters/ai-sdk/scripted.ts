/**
 * AI SDK test models scripted with a reference team's actions: one `MockLanguageModelV3` per
 * role whose every reply is the next tool call that role made in a trajectory, so an AI SDK team
 * on these models takes exactly the reference team's actions.
 */
import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import type { TrajectoryStep } from '../../../src/team/episode.js';

const usage = (input: number, output: number): LanguageModelV3GenerateResult['usage'] => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** One mock model per role, replying with that role's tool calls of `trajectory`, in order. */
export function scriptedModels(trajectory: readonly TrajectoryStep[]): Record<string, MockLanguageModelV3> {
  const scripts = new Map<string, { name: string; args: Record<string, unknown> }[]>();
  for (const step of trajectory) {
    const list = scripts.get(step.role) ?? [];
    list.push(actionToToolCall(step.action as Action));
    scripts.set(step.role, list);
  }
  return toolCallModels(scripts);
}

/** One mock model per role, replying with that role's tool calls of `scripts`, in order, one per reply. */
export function toolCallModels(
  scripts: ReadonlyMap<string, readonly { name: string; args: Record<string, unknown> }[]>,
): Record<string, MockLanguageModelV3> {
  const models: Record<string, MockLanguageModelV3> = {};
  for (const [role, script] of scripts) {
    let next = 0;
    models[role] = new MockLanguageModelV3({
      modelId: `scripted-${role}`,
      doGenerate: () => {
        const call = script[next];
        next += 1;
        const result: LanguageModelV3GenerateResult = call
          ? {
              content: [
                {
                  type: 'tool-call',
                  toolCallId: `${role}-${next}`,
                  toolName: call.name,
                  input: JSON.stringify(call.args),
                },
              ],
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
              usage: usage(100, 10),
              warnings: [],
            }
          : {
              content: [{ type: 'text', text: 'I have nothing more to do.' }],
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: usage(100, 5),
              warnings: [],
            };
        return Promise.resolve(result);
      },
    });
  }
  return models;
}
