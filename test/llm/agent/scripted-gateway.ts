/**
 * An in-memory model gateway for the LLM team's tests: it answers each call with what a script
 * says, keeps every call it got, and reports usage from the request's size. The oracle script
 * answers with the oracle's action at the call's step, as tool calls, so a team that turns
 * prompts into actions without losing anything takes exactly the oracle's trajectory.
 */
import type { ChatCall, ChatAnswer, ModelGateway } from '../../../src/llm/types.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import type { ModelMessage } from '../../../src/team/turn.js';
import type { EpisodeResult } from '../../../src/team/episode.js';

/** What the script answers a call with. */
export type Script = (call: ChatCall, index: number) => ModelMessage;

/** A gateway answering from a script. */
export class ScriptedGateway implements ModelGateway {
  readonly calls: ChatCall[] = [];
  constructor(private readonly script: Script) {}

  complete(call: ChatCall, signal: AbortSignal): Promise<ChatAnswer> {
    if (signal.aborted) return Promise.reject(new Error('aborted'));
    this.calls.push(call);
    const message = this.script(call, this.calls.length - 1);
    const promptChars = JSON.stringify(call.request.messages).length;
    return Promise.resolve({
      message,
      usage: {
        promptTokens: Math.ceil(promptChars / 4),
        completionTokens: Math.ceil(JSON.stringify(message).length / 4),
        cachedTokens: 0,
      },
      latencyMs: 1,
      attempts: [],
      source: 'live',
      key: `${call.episodeId}#${call.ordinal}`,
    });
  }
}

/** A reply of tool calls for the given actions (ids `c<step>`). */
export function toolCallsFor(actions: readonly { step: number; action: Action }[]): ModelMessage {
  return {
    content: null,
    toolCalls: actions.map(({ step, action }) => {
      const { name, args } = actionToToolCall(action);
      return { id: `c${step}`, name, arguments: JSON.stringify(args) };
    }),
  };
}

/** A text-only reply. */
export function text(content: string): ModelMessage {
  return { content, toolCalls: [] };
}

/**
 * Answers a call at step s with the oracle's action s (0-based), and — with `parallel` — the
 * same role's following actions up to its next change of role, as parallel tool calls.
 * `shift(call)` maps a call's step to the oracle's index (for scripts that spend steps on faults).
 */
export function oracleScript(
  oracle: EpisodeResult,
  options: { parallel?: boolean; shift?: (call: ChatCall) => number } = {},
): Script {
  const steps = oracle.trajectory;
  return (call) => {
    const at = call.step - (options.shift?.(call) ?? 0);
    const first = steps[at];
    if (!first) throw new Error(`no oracle action at step ${at} (the oracle took ${steps.length})`);
    if (first.role !== call.role)
      throw new Error(`the oracle's step ${at} is the ${first.role}'s, but the ${call.role} asked`);
    const batch = [{ step: at, action: first.action as Action }];
    const passes = (a: Action) => a.type === 'handoff' || a.type === 'finish';
    if (options.parallel && !passes(first.action as Action)) {
      // The role's run of actions up to its handoff: it keeps control until then.
      for (let i = at + 1; i < steps.length && steps[i]?.role === call.role; i++) {
        const action = steps[i]?.action as Action;
        batch.push({ step: i, action });
        if (passes(action)) break;
      }
    }
    return toolCallsFor(batch);
  };
}
