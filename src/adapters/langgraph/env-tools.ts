/**
 * The env's tools for one role as LangChain tools: each world tool, and the team actions `ask`,
 * `wait` and `finish`, is a `tool()` with the env's JSON Schema whose call steps the hosted
 * episode as that role. Handoffs are not among them: a handoff is a LangGraph `Command`
 * (see `handoff.ts`).
 */
import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import type { EpisodeHost, HostedStep } from '../../serve/mcp/episode-host.js';
import { toolArgsToAction } from '../../llm/tool-calls.js';

/** What a tool call tells the model: the step's outcome and what the role sees after it. */
export function stepText(step: HostedStep): string {
  if (!step.ok) return `error: ${step.message}`;
  return JSON.stringify({ done: step.done, last: step.observation.last, inbox: step.observation.inbox });
}

/**
 * The JSON Schema LangChain validates a call against: a copy (LangChain annotates the object, and
 * the env's definitions are frozen) in which a property with a default is not required, as the
 * env fills it in; LangChain's validator applies no defaults.
 */
export function toolSchema(parameters: unknown): Record<string, unknown> {
  const schema = structuredClone(parameters) as Record<string, unknown>;
  const properties = schema['properties'];
  const required = schema['required'];
  if (properties && typeof properties === 'object' && Array.isArray(required))
    schema['required'] = required.filter((name: unknown) => {
      const property: unknown = typeof name === 'string' ? (properties as Record<string, unknown>)[name] : undefined;
      return !(property && typeof property === 'object' && 'default' in property);
    });
  return schema;
}

/** The role's world tools and its `ask`/`wait`/`finish` team actions, as LangChain tools. */
export function envTools(host: EpisodeHost, role: string): StructuredToolInterface[] {
  const briefing = host.start.roles.find((r) => r.id === role);
  if (!briefing) return [];
  const definitions = [...briefing.tools, ...briefing.teamActions.filter((d) => d.name !== 'handoff')];
  return definitions.map((definition) =>
    tool(
      async (args: Record<string, unknown>) =>
        stepText(await host.act(role, toolArgsToAction(definition.name, args ?? {}))),
      {
        name: definition.name,
        description: definition.description,
        schema: toolSchema(definition.parameters),
      },
    ),
  );
}
