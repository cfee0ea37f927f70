/**
 * The model calls of a LangGraph team, recorded as the turns of its steps: a LangChain callback
 * handler that keeps each chat model call (its answer, tool calls, tokens, cost and wall-clock
 * latency) until the next env step takes them. Only one role holds control at a time, so the
 * calls made since the last step are the calls behind the step being taken. A call through
 * `episode.model(role, model)` (a {@link RecordedChatModel}) comes with its cassette key and
 * answer; the user's model's own run under it is not counted twice. With a cassette, a model the
 * factory did not wrap is refused before it is called: a replay could not answer it.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { Serialized } from '@langchain/core/load/serializable';
import type { ChatGeneration, LLMResult } from '@langchain/core/outputs';
import { digest } from '../../core/canonical.js';
import { costUsd } from '../../llm/gateway/cost.js';
import type { Prices } from '../../llm/types.js';
import type { ModelCallRecord, StepTurn } from '../../team/turn.js';
import { INNER_RUN_TAG, RECORDED_RUN_TAG, type RecordedCall } from './recorded-model.js';

/** A chat model call under way. */
interface Started {
  readonly model: string;
  readonly at: number;
}

/** Options of a {@link TurnRecorder}. */
export interface TurnRecorderOptions {
  /** Prices by model name (LangSmith's `ls_model_name`), for each call's `costUsd`. @defaultValue none: costs are null */
  readonly prices?: Readonly<Record<string, Prices>>;
  /** Set when every call must go through `episode.model()` (a cassette): the error for one that does not. */
  readonly unwrapped?: (model: string) => Error;
}

/** Collects model calls for the next step; see the module comment. */
export class TurnRecorder extends BaseCallbackHandler {
  /** The handler's name, as LangChain lists it. */
  readonly name = 'faultline-turn-recorder';
  private readonly started = new Map<string, Started>();
  private readonly inner = new Set<string>();
  private pending: ModelCallRecord[] = [];
  private ordinal = 0;

  /**
   * @param episode - The episode id the call keys are made with.
   * @param options - Prices, and whether unwrapped models are refused.
   */
  constructor(
    private readonly episode: string,
    private readonly options: TurnRecorderOptions = {},
  ) {
    // Awaited, so a call is noted before the tool call it led to steps the env; raising, so a
    // refused model is not called.
    super({ _awaitHandler: true, raiseError: options.unwrapped !== undefined });
  }

  /** The ordinal of the episode's next model call (1, 2, …). */
  nextOrdinal(): number {
    this.ordinal += 1;
    return this.ordinal;
  }

  /** Notes the model and the start time of a chat model call. */
  override handleChatModelStart(
    llm: Serialized,
    _messages: BaseMessage[][],
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    if (tags?.includes(INNER_RUN_TAG)) {
      this.inner.add(runId);
      return;
    }
    const name = metadata?.['ls_model_name'];
    const model = typeof name === 'string' ? name : (llm.id.at(-1) ?? 'unknown');
    if (this.options.unwrapped && !tags?.includes(RECORDED_RUN_TAG)) throw this.options.unwrapped(model);
    this.started.set(runId, { model, at: performance.now() });
  }

  /** Records a finished chat model call for the next step. */
  override handleLLMEnd(output: LLMResult, runId: string): void {
    if (this.inner.delete(runId)) return;
    const started = this.started.get(runId);
    this.started.delete(runId);
    const generation = output.generations[0]?.[0] as ChatGeneration | undefined;
    const recorded = generation?.generationInfo?.['faultline'] as RecordedCall | undefined;
    this.pending.push(recorded ? this.recordOf(recorded) : this.unwrappedRecord(generation, started));
  }

  /** Forgets a failed call's start. */
  override handleLLMError(_error: unknown, runId: string): void {
    this.inner.delete(runId);
    this.started.delete(runId);
  }

  /** The calls made since the last step, as that step's turn (undefined when there were none). */
  take(): StepTurn | undefined {
    if (this.pending.length === 0) return undefined;
    const calls = this.pending;
    this.pending = [];
    return { calls };
  }

  /** A call through `episode.model()`: its key and answer as the cassette has them. */
  private recordOf({ key, ordinal, model, answer }: RecordedCall): ModelCallRecord {
    return {
      key,
      ordinal,
      model,
      message: answer.message,
      usage: answer.usage,
      costUsd: costUsd(answer.usage, this.priceOf(model)),
      latencyMs: answer.latencyMs,
      attempts: answer.attempts,
    };
  }

  /** A call of a model the factory gave the graph as is. */
  private unwrappedRecord(generation: ChatGeneration | undefined, started: Started | undefined): ModelCallRecord {
    const message = generation?.message as AIMessage | undefined;
    const content = typeof message?.content === 'string' ? message.content : (generation?.text ?? null);
    const toolCalls = (message?.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `call-${index}`,
      name: call.name,
      arguments: JSON.stringify(call.args),
    }));
    const metadata = message?.usage_metadata;
    const ordinal = this.nextOrdinal();
    const answer = { content: content === '' && toolCalls.length > 0 ? null : content, toolCalls };
    const model = started?.model ?? 'unknown';
    const usage = {
      promptTokens: metadata?.input_tokens ?? 0,
      completionTokens: metadata?.output_tokens ?? 0,
      cachedTokens: metadata?.input_token_details?.cache_read ?? 0,
    };
    return {
      key: digest({ episode: this.episode, ordinal, answer }),
      ordinal,
      model,
      message: answer,
      usage,
      costUsd: costUsd(usage, this.priceOf(model)),
      latencyMs: started ? Math.round(performance.now() - started.at) : 0,
      attempts: [],
    };
  }

  private priceOf(model: string): Prices | undefined {
    const prices = this.options.prices;
    return prices && Object.hasOwn(prices, model) ? prices[model] : undefined;
  }
}
