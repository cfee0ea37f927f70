/**
 * A remote turn as an A2A message, and an A2A reply as a {@link RemoteReply}. The message is a
 * user message with a text part (the turn's text) and a data part (the turn's data), metadata
 * `{ faultline: { episode, role, turn, mcp: { url } } }`, and one context per (episode, role) so
 * the agent keeps its conversation across the role's turns. The reply is a Message or a Task;
 * of a Task, the status message and the artifacts are read.
 */
import { createHash } from 'node:crypto';
import type { Message, Part, SendMessageRequest, Task } from '@a2a-js/sdk';
import type { RemoteReply, RemoteTurn } from './remote-agent.js';

/** The numbers of the A2A enums used here (the SDK's `Role` and `TaskState`). */
export interface A2aEnums {
  readonly roleUser: number;
  readonly states: {
    readonly completed: number;
    readonly failed: number;
    readonly canceled: number;
    readonly inputRequired: number;
    readonly rejected: number;
    readonly authRequired: number;
  };
}

/**
 * The A2A context of a role in an episode: a UUID-shaped digest of the episode id and the role,
 * the same on every turn and every re-run, and distinct per role so two remote roles of one
 * episode never share a conversation.
 */
export function a2aContextId(episodeId: string, role: string): string {
  const hex = createHash('sha256').update(`faultline-a2a\0${episodeId}\0${role}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of a turn's message: one per (episode, role, turn), the same on a retry so the agent can tell a resend. */
export function a2aMessageId(turn: Pick<RemoteTurn, 'episodeId' | 'role' | 'turn'>): string {
  return `${a2aContextId(turn.episodeId, turn.role)}-turn-${turn.turn}`;
}

/** The metadata a turn's message carries (under the `faultline` key). */
export interface A2aTurnMetadata {
  readonly episode: string;
  readonly role: string;
  readonly turn: number;
  readonly mcp: { readonly url: string };
}

function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

function dataPart(data: unknown): Part {
  return { content: { $case: 'data', value: data }, metadata: undefined, filename: '', mediaType: 'application/json' };
}

/**
 * The `SendMessage` request of a turn (blocking). `taskId` continues a task the agent left
 * waiting for input on the role's previous turn ('' for none).
 */
export function a2aTurnRequest(turn: RemoteTurn, enums: A2aEnums, taskId = ''): SendMessageRequest {
  const faultline: A2aTurnMetadata = {
    episode: turn.episodeId,
    role: turn.role,
    turn: turn.turn,
    mcp: { url: turn.mcp.url },
  };
  const message: Message = {
    messageId: a2aMessageId(turn),
    contextId: a2aContextId(turn.episodeId, turn.role),
    taskId,
    role: enums.roleUser,
    parts: [textPart(turn.text), dataPart(turn.data)],
    metadata: { faultline },
    extensions: [],
    referenceTaskIds: [],
  };
  return {
    tenant: '',
    message,
    configuration: {
      acceptedOutputModes: ['text/plain', 'application/json'],
      taskPushNotificationConfig: undefined,
      returnImmediately: false,
    },
    metadata: undefined,
  };
}

/** True when a `SendMessage` result is a Message (the SDK returns a Message or a Task, undiscriminated). */
export function isA2aMessage(result: Message | Task): result is Message {
  return 'messageId' in result && 'parts' in result && !('status' in result);
}

/** Collects parts: text parts into `texts`, data parts into `data` (file parts are not read). */
function collect(parts: readonly Part[] | undefined, texts: string[], data: unknown[]): void {
  for (const part of parts ?? []) {
    const content = part.content;
    if (content?.$case === 'text') texts.push(content.value);
    else if (content?.$case === 'data') data.push(content.value as unknown);
  }
}

/** A Message's parts as a reply. */
export function replyOfMessage(message: Message): RemoteReply {
  const texts: string[] = [];
  const data: unknown[] = [];
  collect(message.parts, texts, data);
  return { text: texts.join('\n'), data };
}

/** What a Task's state means for the turn. */
export type TaskEnd =
  | { readonly kind: 'reply'; readonly reply: RemoteReply; readonly continues: boolean }
  | { readonly kind: 'pending' }
  | { readonly kind: 'failed'; readonly state: string; readonly detail: string };

/**
 * A Task as the end of a turn: `completed` and `input-required` are replies (the status message,
 * then the artifacts; `continues` for input-required: the role's next turn goes to the same
 * task); `failed`, `rejected`, `canceled` and `auth-required` are failures; any other state
 * (`submitted`, `working`) is still pending.
 */
export function endOfTask(task: Task, enums: A2aEnums): TaskEnd {
  const s = enums.states;
  const state: number | undefined = task.status?.state;
  const texts: string[] = [];
  const data: unknown[] = [];
  collect(task.status?.message?.parts, texts, data);
  const statusText = texts.join('\n');
  for (const artifact of task.artifacts ?? []) collect(artifact.parts, texts, data);
  const reply = { text: texts.join('\n'), data };
  if (state === s.completed) return { kind: 'reply', reply, continues: false };
  if (state === s.inputRequired) return { kind: 'reply', reply, continues: true };
  const failed: Record<number, string> = {
    [s.failed]: 'failed',
    [s.rejected]: 'rejected',
    [s.canceled]: 'canceled',
    [s.authRequired]: 'auth-required',
  };
  const name = state === undefined ? undefined : failed[state];
  if (name !== undefined) return { kind: 'failed', state: name, detail: statusText };
  return { kind: 'pending' };
}
