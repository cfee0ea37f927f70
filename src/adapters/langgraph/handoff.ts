/**
 * LangGraph handoffs as env handoffs. A role hands control to another with a `Command`
 * (`goto` the receiver's node, `update` the state it receives); {@link handoffCommand} steps the
 * env's handoff first, with the update as its payload (the text of the update's messages, plus any
 * other keys of the update), so the env's handoff audit checks exactly what the receiver is given.
 */
import { ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import { Command } from '@langchain/langgraph';
import type { EpisodeHost } from '../../serve/mcp/episode-host.js';
import type { HandoffMessage } from '../../team/actions.js';

/** A handoff's state update: the messages the receiver gets, and any other state keys. */
export interface HandoffUpdate {
  readonly messages?: readonly BaseMessage[];
  readonly [key: string]: unknown;
}

/** The text of a message's content (string parts joined). */
function contentText(message: BaseMessage): string {
  const content: unknown = message.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part: unknown) =>
        typeof part === 'string'
          ? part
          : part && typeof part === 'object' && 'text' in part && typeof part.text === 'string'
            ? part.text
            : '',
      )
      .join('');
  return '';
}

/** The env handoff message a `Command` update carries: its messages' text and its other keys. */
export function updatePayload(update: HandoffUpdate): HandoffMessage {
  const { messages, ...rest } = update;
  const text = (messages ?? []).map(contentText).join('\n');
  return { ...rest, text };
}

/**
 * Steps the env handoff `from` → `to` with `update` as its payload and returns the `Command`
 * that moves the graph to `to`'s node (`graph: Command.PARENT` when called from inside a role's
 * subgraph, e.g. a tool of a `createReactAgent`). When the env refuses the handoff the error is
 * returned instead, for the caller to give to its model.
 */
export async function handoffCommand(
  host: EpisodeHost,
  from: string,
  to: string,
  update: HandoffUpdate,
  options: { readonly parent?: boolean } = {},
): Promise<Command | string> {
  const step = await host.act(from, { type: 'handoff', to, message: updatePayload(update) });
  if (!step.ok) return `error: ${step.message}`;
  return new Command({
    goto: to,
    update: { ...update, messages: [...(update.messages ?? [])] },
    ...(options.parent === false ? {} : { graph: Command.PARENT }),
  });
}

/**
 * A `transfer_to_<to>` tool for `from`'s agent: its `text` argument is the brief, sent as a
 * `ToolMessage` answering the call in a `Command` to `to`'s node of the parent graph.
 */
export function handoffTool(host: EpisodeHost, from: string, to: string): StructuredToolInterface {
  return tool(
    async (args: { text: string }, config: { toolCall?: { id?: string } }) =>
      handoffCommand(host, from, to, {
        messages: [
          new ToolMessage({
            content: args.text,
            tool_call_id: config.toolCall?.id ?? `handoff-${from}-${to}`,
            name: `transfer_to_${to}`,
          }),
        ],
      }),
    {
      name: `transfer_to_${to}`,
      description: `Hand control to the ${to}, with a brief of everything it needs: it sees nothing else of your work.`,
      schema: {
        type: 'object',
        properties: { text: { type: 'string', description: 'The brief for the receiver.' } },
        required: ['text'],
      },
    },
  );
}
