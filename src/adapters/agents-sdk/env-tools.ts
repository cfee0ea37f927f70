/**
 * The env's tools of one role as Agents SDK function tools: each keeps the env's name,
 * description and JSON Schema, and calling it takes that action for the role in the hosted
 * episode. The team actions other than `handoff` (`ask`, `wait`, `finish`) come along as tools
 * too; handoffs are the SDK's own.
 */
import { tool, type FunctionTool } from '@openai/agents';
import { toolArgsToAction } from '../../llm/tool-calls.js';
import type { EpisodeHost, HostedStep } from '../../serve/mcp/episode-host.js';
import type { ToolDefinition } from '../../team/tool-definitions.js';

/** The SDK's non-strict JSON Schema shape (the env's schema is passed through as it is). */
export interface NonStrictSchema {
  type: 'object';
  properties: Record<string, never>;
  required: never[];
  additionalProperties: true;
}

/** Called after every action a tool takes, with what the host answered. */
export type OnEnvStep = (role: string, stepped: HostedStep) => void;

/** Parses the arguments the SDK hands a non-strict tool (a JSON string or an object). */
function argsObject(input: unknown): Record<string, unknown> {
  const value: unknown = typeof input === 'string' ? (input.trim() === '' ? {} : JSON.parse(input)) : input;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The text a tool call returns to the model: what the role sees after its action, or why nothing was done. */
export function stepText(stepped: HostedStep): string {
  if (!stepped.ok) return stepped.message;
  return stepped.record.event.ok ? stepped.observation.text : `Error: ${stepped.observation.text}`;
}

/**
 * The env tools of `role` (its world tools and its team actions but `handoff`) as SDK function
 * tools. `render` gives the text a call returns (default: the role's whole view, {@link stepText}).
 */
export function envFunctionTools(
  host: EpisodeHost,
  role: string,
  before: () => Promise<void>,
  onStep: OnEnvStep,
  render: (stepped: HostedStep) => string = stepText,
): FunctionTool<unknown, NonStrictSchema>[] {
  const briefing = host.start.roles.find((r) => r.id === role);
  if (!briefing) return [];
  const defs: ToolDefinition[] = [...briefing.tools, ...briefing.teamActions.filter((t) => t.name !== 'handoff')];
  return defs.map((def) =>
    tool({
      name: def.name,
      description: def.description,
      parameters: {
        type: 'object',
        properties: {},
        required: [],
        ...def.parameters,
        additionalProperties: true,
      },
      strict: false,
      execute: async (input: unknown) => {
        await before();
        let args: Record<string, unknown>;
        try {
          args = argsObject(input);
        } catch (e) {
          return `Error: the arguments are not valid JSON (${(e as Error).message}); nothing was done.`;
        }
        const stepped = await host.act(role, toolArgsToAction(def.name, args));
        onStep(role, stepped);
        return render(stepped);
      },
    }),
  );
}
