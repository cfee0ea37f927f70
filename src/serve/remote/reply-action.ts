/**
 * The documented JSON form of an action in a remote agent's reply, for agents that answer a turn
 * with an action instead of acting through MCP: a data part `{ "action": {...} }` (or the action
 * itself, `{ "type": ... }`), or a text that is such a JSON object — whole, or in a ```json
 * fenced block. The action is not validated here: the env judges it like any other.
 */
import type { RemoteReply } from './remote-agent.js';

/** How an agent writes an action in its reply; sent with every turn. */
export const REPLY_ACTION_FORM =
  'To act without MCP, reply with one JSON object: {"action": {"type": "tool", "tool": "<tool>", "args": {...}}} ' +
  '(or a handoff {"type": "handoff", "to": "<role>", "message": {"text": "..."}}, {"type": "ask", "question": "..."}, ' +
  '{"type": "wait", "ticks": 1}, {"type": "finish", "answer": "...", "status": "done" | "gave_up"}), ' +
  'as a data part or as the text (a ```json fenced block is fine). A reply without an action while you hold control counts as an invalid action.';

/** The action a reply carries, or why it carries none. */
export type ReplyAction =
  { readonly ok: true; readonly action: unknown } | { readonly ok: false; readonly reason: string };

const FENCED_JSON = /```(?:json)?[ \t]*\r?\n([\s\S]*?)```/g;

/** The action in `reply`: the first data part that holds one, else its text (see the module comment). */
export function replyAction(reply: RemoteReply): ReplyAction {
  for (const part of reply.data) {
    const action = actionIn(part);
    if (action !== undefined) return { ok: true, action };
  }
  const text = reply.text.trim();
  if (text.startsWith('{')) {
    const action = actionIn(parsed(text));
    if (action !== undefined) return { ok: true, action };
  }
  for (const match of text.matchAll(FENCED_JSON)) {
    const action = actionIn(parsed((match[1] ?? '').trim()));
    if (action !== undefined) return { ok: true, action };
  }
  const what =
    text === '' && reply.data.length === 0
      ? 'an empty reply'
      : `a reply with ${text === '' ? 'no text' : `text "${preview(text)}"`} and ${reply.data.length} data part${reply.data.length === 1 ? '' : 's'}, none of them an action`;
  return { ok: false, reason: `${what}; expected an action in the documented JSON form` };
}

/** The action a JSON value holds: `{ action: {...} }` or `{ type: string, ... }`; undefined for none. */
function actionIn(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if (isObject(value['action'])) return value['action'];
  return typeof value['type'] === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
