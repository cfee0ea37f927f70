/**
 * The tools of one MCP session: its role's world tools (JSON Schema from `roleToolSpecs`), the
 * team actions (`handoff`, `ask`, `wait`, `finish`) and `await_turn`, which takes no action: it
 * waits until the role holds control and returns what the role sees.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { EpisodeStart } from '../../team/agent.js';
import { teamActionDefinitions, type ToolDefinition } from '../../team/tool-definitions.js';

/** The name of the tool that waits for control without acting. */
export const AWAIT_TURN_TOOL = 'await_turn';

/**
 * The tool definitions of a session for `role` (null: the whole team, acting as whichever role
 * holds control — every role's tools, a handoff to any role, and finish if any role may).
 */
export function sessionToolDefinitions(start: EpisodeStart, role: string | null): ToolDefinition[] {
  if (role !== null) {
    const briefing = start.roles.find((r) => r.id === role);
    return briefing ? [...briefing.tools, ...briefing.teamActions] : [];
  }
  const world = new Map<string, ToolDefinition>();
  for (const r of start.roles) for (const t of r.tools) if (!world.has(t.name)) world.set(t.name, t);
  const teammates = start.roles.length > 1 ? start.roles.map((r) => r.id) : [];
  return [
    ...world.values(),
    ...teamActionDefinitions(
      teammates,
      start.roles.some((r) => r.canFinish),
    ),
  ];
}

/** An MCP tool listing entry for a definition. */
export function mcpTool(def: ToolDefinition): Tool {
  return {
    name: def.name,
    description: def.description,
    inputSchema: { ...def.parameters, type: 'object' },
    annotations: { readOnlyHint: def.readOnly },
  };
}

/** The `await_turn` tool's listing entry. */
export function awaitTurnTool(controlTimeoutNote: string): Tool {
  return {
    name: AWAIT_TURN_TOOL,
    description: `Wait until you hold control (a teammate hands off to you), then see your inbox and last result. Takes no action and uses no step. ${controlTimeoutNote}`,
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  };
}
