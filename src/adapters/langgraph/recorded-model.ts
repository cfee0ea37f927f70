/**
 * A role's chat model as the team records and replays it: a `BaseChatModel` around the user's
 * model (what `episode.model(role, model)` returns) that serves each call from the episode's
 * cassette or calls the model, and tells the turn recorder what the call answered. `bindTools`
 * binds the user's model and keeps the wrapper on top, so `createReactAgent` and friends work
 * unchanged. A call's key covers the episode, its ordinal, the model and the messages and tools
 * it is given (message ids left out: LangGraph draws random ones); `replay` answers from the
 * cassette only and never calls the model, a miss fails the call (an agent error naming it).
 */
import { performance } from 'node:perf_hooks';
import { CallbackManager, type CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
  type LangSmithParams,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, isAIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { digest } from '../../core/canonical.js';
import type { Cassette, CassetteAnswer } from '../../llm/gateway/cassette.js';
import type { ModelToolCall } from '../../team/turn.js';

/** The tag of the user's model's own run under a wrapper: the wrapper records the call, not it. */
export const INNER_RUN_TAG = 'faultline:inner';
/** The tag of a wrapper's run (a call the cassette can answer). */
export const RECORDED_RUN_TAG = 'faultline:recorded';

/** What a wrapped call tells the turn recorder, in its generation's `generationInfo.faultline`. */
export interface RecordedCall {
  readonly key: string;
  readonly ordinal: number;
  readonly model: string;
  readonly answer: CassetteAnswer;
}

/** The episode a wrapper records for: its id, its cassette, and the ordinal of its next call. */
export interface ModelSession {
  readonly episodeId: string;
  readonly cassette: Cassette | null;
  nextOrdinal(): number;
}

interface Fields {
  /** The user's model, for its name and to bind tools to. */
  readonly base: BaseChatModel;
  /** What a live call invokes: the user's model, or it with tools bound. */
  readonly inner: Runnable<BaseLanguageModelInput, BaseMessage>;
  readonly session: ModelSession;
  /** The bound tools as OpenAI tool definitions (part of the key). */
  readonly tools: readonly unknown[];
}

/** The model's name: LangSmith's `ls_model_name` when the model gives one, else its type. */
export function modelName(model: BaseChatModel): string {
  const name = model.getLsParams({}).ls_model_name;
  return typeof name === 'string' && name !== '' ? name : model._llmType();
}

/** A message as the key sees it: type, name, content and tool calls, not its random id. */
function keyOf(message: BaseMessage): unknown {
  return {
    type: message.getType(),
    name: message.name ?? null,
    content: message.content,
    ...(isAIMessage(message) && message.tool_calls?.length
      ? { toolCalls: message.tool_calls.map((c) => ({ id: c.id ?? null, name: c.name, args: c.args })) }
      : {}),
    ...(ToolMessage.isInstance(message) ? { toolCallId: message.tool_call_id } : {}),
  };
}

/**
 * The callbacks of the user's model's own run: this run's handlers, the run a child of this one
 * (as tracing shows it), tagged so the turn recorder does not count the call twice.
 */
function innerCallbacks(runManager: CallbackManagerForLLMRun | undefined): CallbackManager {
  const manager = new CallbackManager(runManager?.runId);
  manager.setHandlers(runManager?.handlers ?? []);
  manager.addTags([INNER_RUN_TAG]);
  return manager;
}

/** What a model answered, as a cassette keeps it. */
function answerOf(message: BaseMessage, latencyMs: number): CassetteAnswer {
  const ai = isAIMessage(message) ? message : null;
  const toolCalls: ModelToolCall[] = (ai?.tool_calls ?? []).map((c, index) => ({
    id: c.id ?? `call-${index}`,
    name: c.name,
    arguments: JSON.stringify(c.args),
  }));
  const text = message.text;
  const usage = ai?.usage_metadata;
  return {
    message: { content: text === '' && toolCalls.length > 0 ? null : text, toolCalls },
    usage: {
      promptTokens: usage?.input_tokens ?? 0,
      completionTokens: usage?.output_tokens ?? 0,
      cachedTokens: usage?.input_token_details?.cache_read ?? 0,
    },
    latencyMs,
    attempts: [],
  };
}

/** A recorded answer as the message it replays (a fixed id: replays are byte for byte). */
function messageOf(answer: CassetteAnswer, ordinal: number): AIMessage {
  const { message, usage } = answer;
  return new AIMessage({
    id: `replay-${ordinal}`,
    content: message.content ?? '',
    tool_calls: message.toolCalls.map((c) => ({
      id: c.id,
      name: c.name,
      args: JSON.parse(c.arguments) as Record<string, unknown>,
      type: 'tool_call' as const,
    })),
    usage_metadata: {
      input_tokens: usage.promptTokens,
      output_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      input_token_details: { cache_read: usage.cachedTokens },
    },
  });
}

/** The wrapper; see the module comment. Build it with `episode.model(role, model)`. */
export class RecordedChatModel extends BaseChatModel {
  override lc_serializable = false;
  private readonly fields: Fields;

  constructor(fields: Fields) {
    super({ tags: [RECORDED_RUN_TAG] });
    this.fields = fields;
  }

  /** @returns 'faultline-recorded' */
  _llmType(): string {
    return 'faultline-recorded';
  }

  /** The user's model's LangSmith parameters (its name, provider …), for tracing and the recorder. */
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    return this.fields.base.getLsParams(options);
  }

  /** Binds `tools` to the user's model; the result is recorded as this model is. */
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<BaseChatModelCallOptions>): RecordedChatModel {
    const { base } = this.fields;
    if (typeof base.bindTools !== 'function')
      throw new Error(`the chat model ${modelName(base)} cannot bind tools (it has no bindTools())`);
    return new RecordedChatModel({
      ...this.fields,
      inner: base.bindTools(tools, kwargs) as Runnable<BaseLanguageModelInput, BaseMessage>,
      tools: tools.map((t) => convertToOpenAITool(t)),
    });
  }

  /** Answers from the cassette, or calls the user's model (and records the answer). */
  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const { session, base, inner, tools } = this.fields;
    const ordinal = session.nextOrdinal();
    const model = modelName(base);
    const key = digest({
      episode: session.episodeId,
      ordinal,
      model,
      messages: JSON.parse(JSON.stringify(messages.map(keyOf))) as unknown,
      tools: JSON.parse(JSON.stringify(tools)) as unknown,
    });
    const { cassette, episodeId } = session;
    const mode = cassette?.mode;
    const hit = cassette && mode !== 'record' ? await cassette.lookup(episodeId, key) : null;
    if (cassette && !hit && mode === 'replay') throw cassette.missError(episodeId, ordinal, key);
    let message: BaseMessage;
    let answer: CassetteAnswer;
    if (hit) {
      answer = hit;
      message = messageOf(hit, ordinal);
    } else {
      const started = performance.now();
      message = await inner.invoke(messages, { ...options, callbacks: innerCallbacks(runManager) });
      answer = answerOf(message, Math.round(performance.now() - started));
      if (cassette) {
        if (mode === 'record' && ordinal === 1) await cassette.startEpisode(episodeId);
        await cassette.append(episodeId, { key, ordinal, request: { model, messages: [], tools: [] }, answer });
      }
    }
    const faultline: RecordedCall = { key, ordinal, model, answer };
    return { generations: [{ text: message.text, message, generationInfo: { faultline } }] };
  }
}
