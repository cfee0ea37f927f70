/**
 * One role of an LLM team: a conversation with a model, turned into env actions one tool call
 * at a time. Several tool calls in one reply are run as the role's next consecutive actions
 * without asking the model again, as long as the role keeps control; a text-only reply gets a
 * reminder, and after `maxTextReplies` in a row it is taken as an action (which does nothing);
 * malformed tool arguments go back to the model as the call's error result.
 */
import type { Agent, AgentContext, EpisodeStart, RoleBriefing } from '../../team/agent.js';
import { SHOWN_INBOX, type TeamObservation } from '../../team/observation.js';
import type { ModelCallRecord, ModelToolCall, StepTurn } from '../../team/turn.js';
import { toolCallToAction } from '../tool-calls.js';
import type { ChatAnswer, ChatCall, ChatRequest, ModelGateway, RoleModelSettings } from '../types.js';
import type { NextOrdinal } from './call-ordinal.js';
import { Conversation } from './conversation.js';
import { modelCallRecord } from '../gateway/call-record.js';
import {
  chatTools,
  inboxMessageText,
  notRunText,
  replyResultText,
  systemPrompt,
  textReplyReminder,
  toolResultText,
} from './prompt.js';

/** How one role's agent is made. */
export interface LlmAgentOptions {
  readonly role: RoleBriefing;
  readonly start: EpisodeStart;
  /** The episode's id (part of every request's key). */
  readonly episodeId: string;
  readonly settings: RoleModelSettings;
  readonly gateway: ModelGateway;
  /** The episode's call counter, shared by every agent of the episode (restarts included). */
  readonly nextOrdinal: NextOrdinal;
  /** Text-only replies in a row before the last one is taken as an action. */
  readonly maxTextReplies: number;
  /** Tokens (≈ characters / 4) the conversation is kept within by eliding old tool results; absent: no limit. */
  readonly contextBudget?: number;
}

/** A tool call of the model's last reply, with its place in the reply. */
interface QueuedCall {
  readonly call: ModelToolCall;
  readonly index: number;
  readonly of: number;
}

/** What the role's last action was, so its result can be told to the model. */
type InFlight =
  { readonly kind: 'call'; readonly id: string; readonly argumentsError?: string } | { readonly kind: 'reply' };

/** The model calls and notes gathered while choosing one action. */
interface TurnDraft {
  readonly calls: ModelCallRecord[];
  readonly notes: string[];
}

/** An agent that asks a model what to do, through a {@link ModelGateway}. */
export class LlmAgent implements Agent {
  private readonly conversation = new Conversation();
  private queue: QueuedCall[] = [];
  private inFlight: InFlight | null = null;
  /** The observation step at which this role acts next if it keeps control. */
  private continuesAt: number | null = null;
  /** Inbox messages up to this step have been put in the conversation. */
  private inboxSeenUpTo = -1;
  private textReplies = 0;

  constructor(private readonly options: LlmAgentOptions) {}

  /** Chooses the role's next action (see the module comment). */
  async act(obs: TeamObservation, context: AgentContext): Promise<unknown> {
    const turn: TurnDraft = { calls: [], notes: [] };
    const kept = this.continuesAt === obs.step;
    this.tellResult(obs);
    if (this.queue.length > 0) {
      if (kept) return this.execute(this.queue.shift() as QueuedCall, obs, turn, context);
      for (const { call } of this.queue) this.conversation.tool(call.id, notRunText(call.name));
      turn.notes.push(
        `${this.queue.length} tool call${this.queue.length === 1 ? '' : 's'} of the last reply not run: control passed to another role`,
      );
      this.queue = [];
    }
    this.tellNews(obs);
    return this.ask(obs, turn, context);
  }

  /** Puts the result of this role's last action in the conversation. */
  private tellResult(obs: TeamObservation): void {
    const last = this.inFlight;
    this.inFlight = null;
    if (last === null) return;
    if (last.kind === 'call') this.conversation.tool(last.id, toolResultText(obs.last, last.argumentsError));
    else this.conversation.user(replyResultText(obs.last));
  }

  /** Starts the conversation, or adds the messages received since the role last looked. */
  private tellNews(obs: TeamObservation): void {
    const { role, start, settings } = this.options;
    if (this.conversation.empty) {
      this.conversation.system(systemPrompt(role, start.roles, settings.instructions));
      // The observation's text shows the latest messages only; the first message holds them all.
      const older = obs.inbox.slice(0, Math.max(0, obs.inbox.length - SHOWN_INBOX));
      this.conversation.user(
        older.length > 0 ? `${obs.text}\n\n## Earlier messages\n${older.map(inboxMessageText).join('\n')}` : obs.text,
      );
    } else {
      for (const m of obs.inbox) if (m.step > this.inboxSeenUpTo) this.conversation.user(inboxMessageText(m));
    }
    for (const m of obs.inbox) this.inboxSeenUpTo = Math.max(this.inboxSeenUpTo, m.step);
  }

  /** Calls the model until it answers with a tool call, or with text `maxTextReplies` times in a row. */
  private async ask(obs: TeamObservation, turn: TurnDraft, context: AgentContext): Promise<unknown> {
    const { maxTextReplies } = this.options;
    for (;;) {
      const { answer, ordinal } = await this.callModel(obs, turn, context);
      const calls = this.conversation.assistant(answer.message, ordinal);
      if (calls.length > 0) {
        if (calls.some((c) => toolCallToAction(c).ok)) this.textReplies = 0;
        this.queue = calls.map((call, index) => ({ call, index, of: calls.length }));
        return this.execute(this.queue.shift() as QueuedCall, obs, turn, context);
      }
      this.textReplies += 1;
      if (this.textReplies >= maxTextReplies) {
        turn.notes.push(
          `${this.textReplies} text-only ${this.textReplies === 1 ? 'reply' : 'replies in a row'}: the last one is taken as an action`,
        );
        this.textReplies = 0;
        this.inFlight = { kind: 'reply' };
        this.continuesAt = obs.step + 1;
        context.note(finished(turn));
        return { type: 'reply', text: answer.message.content ?? '' };
      }
      this.conversation.user(textReplyReminder(this.textReplies, maxTextReplies));
      turn.notes.push(`text-only reply ${this.textReplies} of ${maxTextReplies}: reminder sent`);
    }
  }

  /** One model call with the conversation as it stands; its record joins the turn at once. */
  private async callModel(
    obs: TeamObservation,
    turn: TurnDraft,
    context: AgentContext,
  ): Promise<{ answer: ChatAnswer; ordinal: number }> {
    const { role, settings, gateway, episodeId, contextBudget } = this.options;
    if (contextBudget !== undefined) {
      const cut = this.conversation.fitTo(contextBudget);
      if (cut.elided > 0)
        turn.notes.push(
          `context budget: elided the ${cut.elided} oldest tool result${cut.elided === 1 ? '' : 's'} (${cut.chars} characters) to stay within ${contextBudget} tokens`,
        );
    }
    const ordinal = this.options.nextOrdinal();
    const request: ChatRequest = {
      model: settings.model,
      messages: this.conversation.snapshot(),
      tools: chatTools(role),
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
      ...(settings.maxTokens !== undefined ? { max_tokens: settings.maxTokens } : {}),
      ...(settings.topP !== undefined ? { top_p: settings.topP } : {}),
      ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    };
    const call: ChatCall = { episodeId, role: role.id, step: obs.step, ordinal, settings, request };
    const answer = await gateway.complete(call, context.signal);
    turn.calls.push(modelCallRecord(call, answer));
    // Noted now, so the calls still count if a later call of this turn fails.
    context.note(finished(turn));
    return { answer, ordinal };
  }

  /**
   * Turns a tool call into the action to return. Arguments that are not a JSON object go back to
   * the model as the call's error result, without an env step (a provider's garbled output is
   * not a move in the world); the next call of the reply runs, or the model is asked again. Only
   * after `maxTextReplies` replies in a row without a usable call is the raw call stepped, so the
   * env records the attempt and the episode shows no progress.
   */
  private async execute(
    queued: QueuedCall,
    obs: TeamObservation,
    turn: TurnDraft,
    context: AgentContext,
  ): Promise<unknown> {
    const { call, index, of } = queued;
    const read = toolCallToAction(call);
    if (read.ok) {
      this.inFlight = { kind: 'call', id: call.id };
      this.continuesAt = obs.step + 1;
      context.note(finished(turn, { id: call.id, index, of }));
      return read.action;
    }
    turn.notes.push(`the arguments of tool call ${call.id} (${call.name}) are not a JSON object`);
    if (this.queue.length === 0) this.textReplies += 1;
    if (this.queue.length > 0 || this.textReplies < this.options.maxTextReplies) {
      this.conversation.tool(call.id, read.error);
      context.note(finished(turn));
      if (this.queue.length > 0) return this.execute(this.queue.shift() as QueuedCall, obs, turn, context);
      return this.ask(obs, turn, context);
    }
    this.textReplies = 0;
    this.inFlight = { kind: 'call', id: call.id, argumentsError: read.error };
    this.continuesAt = obs.step + 1;
    context.note(finished(turn, { id: call.id, index, of }));
    // The raw text goes to the env, which records the attempt and answers with an error.
    return { type: 'tool', tool: call.name, args: call.arguments };
  }
}

function finished(turn: TurnDraft, toolCall?: StepTurn['toolCall']): StepTurn {
  return {
    calls: [...turn.calls],
    ...(toolCall ? { toolCall } : {}),
    ...(turn.notes.length > 0 ? { notes: [...turn.notes] } : {}),
  };
}
