/**
 * The words an LLM role is given: its system prompt (from the role briefing), its tools, and the
 * user messages that carry what happens to it (results, handoffs, reminders). Everything here is
 * a pure function of its inputs, so the same episode always sends the same requests — which is
 * what makes a request's key, and so its cassette, stable.
 */
import type { RoleBriefing } from '../../team/agent.js';
import { renderMessage, renderValue } from '../../team/observation.js';
import type { InboxMessage, LastResult } from '../../team/state.js';
import type { ToolDefinition } from '../../team/tool-definitions.js';
import type { ChatTool } from '../types.js';

/**
 * The system prompt of a role: who it is, its teammates, how the team works (handoff with every
 * fact, ask, wait, finish only for roles that may), and the role's extra instructions.
 */
export function systemPrompt(role: RoleBriefing, roster: readonly RoleBriefing[], instructions?: string): string {
  const teammates = roster.filter((r) => r.id !== role.id);
  const lines = [
    `You are the ${role.id} in a team of agents that carries out one request for a user.`,
    `Your role: ${role.description}`,
    '',
    '## Your teammates',
    ...(teammates.length > 0
      ? teammates.map((r) => `- ${r.id}: ${r.description}${r.canFinish ? ' (can finish the task)' : ''}`)
      : ['- none: you work alone']),
    '',
    '## How the team works',
    '- You act only by calling tools: each call is one action. A reply without a tool call does nothing.',
    '- Only you see your tool results and the messages sent to you.',
    ...(teammates.length > 0
      ? [
          '- To pass control to a teammate, call `handoff` with a message that carries every fact they need (names, paths, numbers, limits, decisions): they see nothing else of your work.',
        ]
      : []),
    '- If the request is unclear, or you lost information you need, call `ask` to ask the user.',
    '- If a tool tells you to wait (a rate limit, a service not ready), call `wait`, then try again.',
    role.canFinish
      ? '- When the request is complete, call `finish` with status "done" and your answer. If it cannot be done, call `finish` with status "gave_up".'
      : '- You cannot finish the task: when your part is done, hand off to a teammate with what you did and found.',
  ];
  if (instructions !== undefined && instructions.trim() !== '') lines.push('', '## Instructions', instructions.trim());
  return lines.join('\n');
}

const toolCache = new WeakMap<RoleBriefing, readonly ChatTool[]>();

/** The role's world tools and team actions as chat-completions tools (computed once per briefing). */
export function chatTools(role: RoleBriefing): readonly ChatTool[] {
  let tools = toolCache.get(role);
  if (!tools) {
    tools = Object.freeze([...role.tools, ...role.teamActions].map(chatTool));
    toolCache.set(role, tools);
  }
  return tools;
}

function chatTool(def: ToolDefinition): ChatTool {
  return { type: 'function', function: { name: def.name, description: def.description, parameters: def.parameters } };
}

/** A handoff (or a user's message) received, as the user message the role reads. */
export function inboxMessageText(m: InboxMessage): string {
  return `Message from ${m.from} (step ${m.step}): ${renderMessage(m)}`;
}

/**
 * The content of a `tool` message: the result of the action a tool call made — `ok` and the
 * rendered value, or the error code and message — plus, for arguments that were not JSON, why.
 */
export function toolResultText(last: LastResult | null, argumentsError?: string): string {
  const parts: string[] = [];
  if (last === null) parts.push('(no result)');
  else if (last.ok) parts.push(`ok\n${renderValue(last.result)}`);
  else parts.push(`error ${last.error?.code ?? 'unknown'}: ${last.error?.message ?? ''}`);
  if (argumentsError !== undefined) parts.push(argumentsError);
  return parts.join('\n');
}

/** What a role is told after a reply that called no tool. */
export function textReplyReminder(replies: number, maxTextReplies: number): string {
  return `Reminder: you act only by calling a tool (your tools, or handoff / ask / wait / finish). That reply called none (${replies} of ${maxTextReplies} in a row; the last one counts as a step with no progress). Call a tool now.`;
}

/** What a role is told after its text-only reply was taken as an action, with the env's answer. */
export function replyResultText(last: LastResult | null): string {
  return `Your reply called no tool, so it was taken as an action and did nothing: ${toolResultText(last)}\nAct by calling a tool.`;
}

/** The result of a tool call that was not run because control passed to another role first. */
export function notRunText(name: string): string {
  return `Not run: control passed to another role before this ${name} call was reached. Call it again if it is still needed.`;
}
