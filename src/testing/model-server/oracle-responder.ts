/**
 * A scripted model that replays known actions (an oracle run's) through tool calls: asked at
 * step S of an episode, it calls the tool for the action taken at step S. A team driven by it
 * takes exactly the oracle's actions when the path from prompt to action is lossless.
 */
import { parseAction } from '../../team/actions.js';
import { actionToToolCall } from '../../llm/tool-calls.js';
import { FAULTLINE_HEADERS } from '../../llm/types.js';
import { TEAM_PROXY_ROLE } from '../../serve/command-team/proxy-role.js';
import { errorReply, toolCallsReply } from './replies.js';
import type { Responder, ScriptedReply, ScriptedToolCall } from './types.js';

/** One recorded action: who took it and what it was (a `TrajectoryStep` fits). */
export interface OracleStep {
  readonly role: string;
  /** The action as the env received it (JSON). */
  readonly action: unknown;
}

/** How to build an {@link oracleResponder}. */
export interface OracleResponderOptions {
  /** The actions of an episode, in step order, by its id (the `x-faultline-episode` header). */
  readonly actionsFor: (episodeId: string) => readonly OracleStep[] | undefined;
  /**
   * Also return the following consecutive actions of the same role as parallel tool calls.
   * Without it, a fault plan's `parallel` share asks for them request by request.
   */
  readonly parallel?: boolean;
}

/**
 * A responder that answers the request made at step S of an episode with the tool call of
 * `actionsFor(episode)[S]`. Tool call ids are `call_<step>_<ordinal>_<index>` (ordinal: the
 * `x-faultline-call` header, 0 without it), unique within an episode. A request it cannot place
 * (no headers, unknown episode, no action at that step, another role's turn) gets an HTTP 400
 * saying why: that is a bug in the test, and it should show.
 */
export function oracleResponder(options: OracleResponderOptions): Responder {
  return (request, respondOptions) => {
    const { episode, step, role } = request;
    if (episode === undefined || step === undefined)
      return refusal(
        `the oracle responder needs the ${FAULTLINE_HEADERS.episode} and ${FAULTLINE_HEADERS.step} headers to know which action to replay; the request had ${episode === undefined ? 'no episode' : 'no step'} header.`,
      );
    const actions = options.actionsFor(episode);
    if (actions === undefined) return refusal(`the oracle responder knows no actions for episode "${episode}".`);
    const next = actions[step];
    if (next === undefined)
      return refusal(
        `episode "${episode}" has ${actions.length} known actions (steps 0..${actions.length - 1}); there is none at step ${step}.`,
      );
    // A program playing the whole team calls as no single role: its step places it.
    if (role !== undefined && role !== TEAM_PROXY_ROLE && role !== next.role)
      return refusal(
        `at step ${step} of episode "${episode}" the known action is role "${next.role}"'s, but the request is role "${role}"'s.`,
      );
    const run = [next];
    if (options.parallel === true || respondOptions.parallel)
      for (let s = step + 1; s < actions.length && actions[s]!.role === next.role; s++) run.push(actions[s]!);
    const calls: ScriptedToolCall[] = [];
    for (const [i, recorded] of run.entries()) {
      const parsed = parseAction(recorded.action);
      if (!parsed.ok)
        return refusal(
          `the known action at step ${step + i} of episode "${episode}" is not a valid action: ${parsed.problem.message}.`,
        );
      const { name, args } = actionToToolCall(parsed.action);
      calls.push({ name, arguments: args, id: `call_${step}_${request.call ?? 0}_${i}` });
    }
    return toolCallsReply(calls);
  };
}

function refusal(message: string): ScriptedReply {
  return errorReply(400, `Scripted oracle: ${message}`, { code: 'oracle_unknown_request' });
}
