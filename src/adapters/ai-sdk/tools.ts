/**
 * The env's tools of one role as AI SDK tools: its world tools and its team actions (handoff,
 * ask, wait, finish), each built with `tool()` from the env's JSON Schema (`jsonSchema()`). A
 * call becomes the env action of that tool call and is stepped by the episode host; its result
 * is what the role sees afterwards.
 */
import type { JSONSchema7 } from '@ai-sdk/provider';
import { jsonSchema, tool, type ToolExecutionOptions, type ToolSet } from 'ai';
import type { RoleBriefing } from '../../team/agent.js';
import type { RunEpisodeOptions } from '../../team/episode.js';
import { toolArgsToAction } from '../../llm/tool-calls.js';
import type { EpisodeHost } from '../../serve/mcp/episode-host.js';
import type { TurnRecorder } from './recorder.js';

/** The AI SDK tools of `briefing`'s role, acting on `host`; `onStep` is told of every step taken. */
export function roleTools(
  briefing: RoleBriefing,
  host: EpisodeHost,
  recorder: TurnRecorder,
  onStep?: RunEpisodeOptions['onStep'],
): ToolSet {
  const role = briefing.id;
  const tools: ToolSet = {};
  for (const def of [...briefing.tools, ...briefing.teamActions]) {
    tools[def.name] = tool({
      description: def.description,
      inputSchema: jsonSchema<Record<string, unknown>>(def.parameters as JSONSchema7),
      execute: async (input, { toolCallId }) => {
        const ended = host.finished;
        if (ended) return `The episode has ended (${ended.outcome}); no more actions are taken.`;
        // Calls after a handoff in the same reply: the role no longer holds control.
        if (host.holder !== role)
          return `Not done: "${host.holder ?? '(nobody)'}" holds control now, not you (${role}).`;
        recorder.executingToolCall(role, toolCallId);
        const step = await host.act(role, toolArgsToAction(def.name, input));
        if (!step.ok) return step.message;
        // As runEpisode does: the step, and what the role holding control sees next.
        onStep?.(step.record, host.observationFor(null));
        return step.done ? `${step.observation.text}\n\nThe episode has ended.` : step.observation.text;
      },
    });
  }
  return tools;
}

/**
 * The user's own tools of `role`, each call noted in the role's next turn (`local tool NAME, call
 * ID`, and the error if it threw): they run here, not in the env, so no step records them.
 */
export function localTools(role: string, own: ToolSet, recorder: TurnRecorder): ToolSet {
  const tools: ToolSet = {};
  for (const [name, t] of Object.entries(own)) {
    // Typed by what this wrapper relies on: the tool's own input and output types stay the user's.
    const execute: ((input: unknown, options: ToolExecutionOptions) => unknown) | undefined = t.execute?.bind(t);
    if (!execute) {
      tools[name] = t;
      continue;
    }
    tools[name] = {
      ...t,
      execute: async (input: unknown, options: ToolExecutionOptions) => {
        recorder.note(role, `local tool ${name}, call ${options.toolCallId}`);
        try {
          return await execute(input, options);
        } catch (e) {
          recorder.note(
            role,
            `local tool ${name}, call ${options.toolCallId}, threw: ${e instanceof Error ? e.message : String(e)}`,
          );
          throw e;
        }
      },
    };
  }
  return tools;
}
