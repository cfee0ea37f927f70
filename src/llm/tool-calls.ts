/**
 * Tool calls ⇄ env actions. Every action a role can take is a tool: its world tools by name, and
 * the team actions `handoff`, `ask`, `wait` and `finish` (see `teamActionDefinitions`). The
 * mapping is lossless both ways for every action the env accepts, so a model that calls the
 * tools the oracle would call takes exactly the oracle's actions.
 */
import type { Action } from '../team/actions.js';
import type { ModelToolCall } from '../team/turn.js';

/** The names of the team actions, which no world tool may take. */
export const TEAM_ACTION_TOOLS: ReadonlySet<string> = new Set(['handoff', 'ask', 'wait', 'finish']);

/** A tool call's name and arguments (as an object) for an action. */
export function actionToToolCall(action: Action): { name: string; args: Record<string, unknown> } {
  switch (action.type) {
    case 'tool':
      return { name: action.tool, args: action.args };
    case 'handoff': {
      const message = typeof action.message === 'string' ? { text: action.message } : action.message;
      return { name: 'handoff', args: { to: action.to, ...message } };
    }
    case 'ask':
      return { name: 'ask', args: { question: action.question } };
    case 'wait':
      return { name: 'wait', args: { ticks: action.ticks } };
    case 'finish':
      return {
        name: 'finish',
        args: { ...(action.answer !== undefined ? { answer: action.answer } : {}), status: action.status },
      };
  }
}

/** The outcome of reading a model's tool call. */
export type ReadToolCall =
  { readonly ok: true; readonly action: unknown } | { readonly ok: false; readonly error: string };

/**
 * The env action a tool call asks for. Arguments that are not a JSON object are an error to send
 * back to the model as the call's result; anything else becomes an action for the env to judge
 * (the env turns an invalid one into an error observation, so nothing is filtered here).
 */
export function toolCallToAction(call: Pick<ModelToolCall, 'name' | 'arguments'>): ReadToolCall {
  let args: unknown;
  const text = call.arguments.trim() === '' ? '{}' : call.arguments;
  try {
    args = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: `The arguments of your ${call.name} call are not valid JSON (${(e as Error).message}). Call ${call.name} again with a JSON object matching its parameters.`,
    };
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    return {
      ok: false,
      error: `The arguments of your ${call.name} call must be a JSON object, not ${Array.isArray(args) ? 'an array' : JSON.stringify(args)}. Call ${call.name} again with an object matching its parameters.`,
    };
  return { ok: true, action: toolArgsToAction(call.name, args as Record<string, unknown>) };
}

/**
 * The env action of a tool call whose arguments are already an object (an MCP call, a parsed
 * model call). Nothing is checked here: the env judges the action.
 */
export function toolArgsToAction(name: string, a: Readonly<Record<string, unknown>>): unknown {
  switch (name) {
    case 'handoff': {
      const { to, ...message } = a;
      return { type: 'handoff', to, message };
    }
    case 'ask':
      return { type: 'ask', question: a['question'] };
    case 'wait':
      return { type: 'wait', ticks: a['ticks'] };
    case 'finish':
      return { type: 'finish', ...a };
    default:
      return { type: 'tool', tool: name, args: a };
  }
}
