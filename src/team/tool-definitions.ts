/**
 * Tool definitions for LLMs: name, description and JSON Schema parameters, as every tool-calling
 * API (OpenAI, the AI SDK, MCP) expects. Computed once per tool.
 */
import * as z from 'zod';
import type { JsonSchema } from '../core/spaces.js';
import type { ToolSpec, World } from './world.js';

/** A tool as an LLM API wants it. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly readOnly: boolean;
}

const cache = new WeakMap<object, ToolDefinition>();

/** The definition of one tool (JSON Schema from its zod arguments). */
export function toolDefinition<W, A extends Record<string, unknown>>(tool: ToolSpec<W, A>): ToolDefinition {
  let def = cache.get(tool);
  if (!def) {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.args, { unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    def = { name: tool.name, description: tool.description, parameters, readOnly: tool.readOnly };
    cache.set(tool, def);
  }
  return def;
}

/** The definitions of the named tools of a world, in the given order (unknown names skipped). */
export function roleToolSpecs<W>(world: World<W>, names: readonly string[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const name of names) {
    const tool = world.tools[name];
    if (tool) out.push(toolDefinition(tool));
  }
  return out;
}

/**
 * The team actions (handoff, ask, wait, finish) as tool definitions, so an LLM with a plain
 * tool-calling API can take every kind of action.
 */
export function teamActionDefinitions(teammates: readonly string[], canFinish: boolean): ToolDefinition[] {
  const defs: ToolDefinition[] = [];
  if (teammates.length > 0) {
    defs.push({
      name: 'handoff',
      description: `Pass control to a teammate with a message. Put every fact they need (names, numbers, limits) in it: they only see what you send. Teammates: ${teammates.join(', ')}.`,
      parameters: {
        type: 'object',
        properties: {
          to: { type: 'string', enum: [...teammates] },
          text: { type: 'string' },
          facts: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['to', 'text'],
      },
      readOnly: true,
    });
  }
  defs.push({
    name: 'ask',
    description: 'Ask the user a clarifying question.',
    parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
    readOnly: true,
  });
  defs.push({
    name: 'wait',
    description: 'Let virtual time pass, e.g. after a rate limit.',
    parameters: {
      type: 'object',
      properties: { ticks: { type: 'integer', minimum: 1, maximum: 1000 } },
      required: ['ticks'],
    },
    readOnly: true,
  });
  if (canFinish) {
    defs.push({
      name: 'finish',
      description:
        'End the episode. status "done" claims the request is complete; "gave_up" stops without claiming success.',
      parameters: {
        type: 'object',
        properties: { answer: { type: 'string' }, status: { type: 'string', enum: ['done', 'gave_up'] } },
        required: ['status'],
      },
      readOnly: true,
    });
  }
  return defs;
}
