/**
 * The model calls of a LangGraph team, recorded as the turns of its steps: a LangChain callback
 * handler that keeps each chat model call (its answer, tool calls, tokens and wall-clock latency)
 * until the next env step takes them. Only one role holds control at a time, so the calls made
 * since the last step are the calls behind the step being taken.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { Serialized } from '@langchain/core/load/serializable';
import type { ChatGeneration, LLMResult } from '@langchain/core/outputs';
import { digest } from '../../core/canonical.js';
import type { ModelCallRecord, StepTurn } from '../../team/turn.js';

/** A chat model call under way. */
interface Started {
  readonly model: string;
  readonly at: number;
}

/** Collects model calls for the next step; see the module comment. */
export class TurnRecorder extends BaseCallbackHandler {
  /** The handler's name, as LangChain lists it. */
  readonly name = 'faultline-turn-recorder';
  private readonly started = new Map<string, Started>();
  private pending: ModelCallRecord[] = [];
  private ordinal = 0;

  /** @param episode - The episode id the call keys are made with. */
  constructor(private readonly episode: string) {
    super();
  }

  /** Notes the model and the start time of a chat model call. */
  override handleChatModelStart(
    llm: Serialized,
    _messages: BaseMessage[][],
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    const name = metadata?.['ls_model_name'];
    this.started.set(runId, {
      model: typeof name === 'string' ? name : (llm.id.at(-1) ?? 'unknown'),
      at: performance.now(),
    });
  }

  /** Records a finished chat model call for the next step. */
  override handleLLMEnd(output: LLMResult, runId: string): void {
    const started = this.started.get(runId);
    this.started.delete(runId);
    const generation = output.generations[0]?.[0] as ChatGeneration | undefined;
    const message = generation?.message as AIMessage | undefined;
    const content = typeof message?.content === 'string' ? message.content : (generation?.text ?? null);
    const toolCalls = (message?.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `call-${index}`,
      name: call.name,
      arguments: JSON.stringify(call.args),
    }));
    const usage = message?.usage_metadata;
    this.ordinal += 1;
    const answer = { content: content === '' && toolCalls.length > 0 ? null : content, toolCalls };
    this.pending.push({
      key: digest({ episode: this.episode, ordinal: this.ordinal, answer }),
      ordinal: this.ordinal,
      model: started?.model ?? 'unknown',
      message: answer,
      usage: {
        promptTokens: usage?.input_tokens ?? 0,
        completionTokens: usage?.output_tokens ?? 0,
        cachedTokens: usage?.input_token_details?.cache_read ?? 0,
      },
      costUsd: null,
      latencyMs: started ? Math.round(performance.now() - started.at) : 0,
      attempts: [],
    });
  }

  /** The calls made since the last step, as that step's turn (undefined when there were none). */
  take(): StepTurn | undefined {
    if (this.pending.length === 0) return undefined;
    const calls = this.pending;
    this.pending = [];
    return { calls };
  }
}
