/**
 * Records the model calls of an AI SDK team as step turns: a `wrapLanguageModel` middleware per
 * role notes each `generateText` model call, and the episode host takes what a role has noted
 * when that role's tool call is stepped (`turnOf`), so the calls behind an action travel with
 * its step, outside the digest. With a cassette, the same middleware serves answers: `replay`
 * answers from the episode's cassette file only (a miss fails the call), `record` calls the model
 * and stores every answer, `auto` replays a hit and records a miss. A call's key covers the
 * episode, its ordinal, the model and the whole AI SDK prompt and tools; the cassette line keeps
 * the answer and the model id (the AI SDK prompt is not an OpenAI chat request, so none is kept).
 */
import { performance } from 'node:perf_hooks';
import type {
  LanguageModelV3,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3Middleware,
} from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';
import { digest } from '../../core/canonical.js';
import type { Cassette, CassetteAnswer } from '../../llm/gateway/cassette.js';
import { costUsd } from '../../llm/gateway/cost.js';
import type { Prices } from '../../llm/types.js';
import type { ModelCallRecord, ModelToolCall, StepTurn } from '../../team/turn.js';

/** Where a recorder's episode keeps its cassette (none: every call is live). */
export interface RecorderCassette {
  readonly cassette: Cassette;
  /** The episode's id (its cassette file's name, and part of every key). */
  readonly episodeId: string;
}

/** The model calls of one episode, noted per role until a step takes them. */
export class TurnRecorder {
  private ordinal = 0;
  private readonly pending = new Map<string, ModelCallRecord[]>();
  private readonly last = new Map<string, ModelCallRecord>();
  private readonly executing = new Map<string, string>();
  private readonly notes = new Map<string, string[]>();

  /**
   * @param store - the episode's cassette, or null for live calls only
   * @param callTimeoutMs - wall-clock ms one model call may take before it is aborted (a `TimeoutError`)
   */
  constructor(
    private readonly store: RecorderCassette | null = null,
    private readonly callTimeoutMs: number | null = null,
  ) {}

  /** `model` wrapped so that every call it answers is noted for `role`, priced by `prices` (none: cost unknown). */
  wrap(role: string, model: LanguageModelV3, prices?: Prices): LanguageModelV3 {
    return wrapLanguageModel({ model, middleware: this.middleware(role, prices) });
  }

  /** Notes what `role` did on the way to its next step (one of its own tools ran). */
  note(role: string, text: string): void {
    const list = this.notes.get(role) ?? [];
    list.push(text);
    this.notes.set(role, list);
  }

  /** What no step took: per role, the calls (and notes) noted after its last step, in role order. */
  leftovers(): { role: string; turn: StepTurn }[] {
    const roles = [...new Set([...this.pending.keys(), ...this.notes.keys()])].sort();
    return roles.flatMap((role) => {
      const turn = this.take(role);
      return turn ? [{ role, turn }] : [];
    });
  }

  /** Notes which tool call of `role` is about to be stepped (its id from the model's reply). */
  executingToolCall(role: string, toolCallId: string): void {
    this.executing.set(role, toolCallId);
  }

  /** The turn of `role`'s step being taken: the calls noted since its last step, and its tool call. */
  take(role: string): StepTurn | undefined {
    const calls = this.pending.get(role) ?? [];
    this.pending.delete(role);
    const id = this.executing.get(role);
    this.executing.delete(role);
    const reply = this.last.get(role)?.message.toolCalls ?? [];
    const index = id === undefined ? -1 : reply.findIndex((c) => c.id === id);
    const notes = this.notes.get(role) ?? [];
    this.notes.delete(role);
    if (calls.length === 0 && index < 0 && notes.length === 0) return undefined;
    return {
      calls,
      ...(id !== undefined && index >= 0 ? { toolCall: { id, index, of: reply.length } } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    };
  }

  private middleware(role: string, prices: Prices | undefined): LanguageModelV3Middleware {
    const timeout = this.callTimeoutMs;
    return {
      specificationVersion: 'v3',
      transformParams: ({ params }) => {
        if (timeout === null) return Promise.resolve(params);
        const limit = AbortSignal.timeout(timeout);
        const abortSignal = params.abortSignal ? AbortSignal.any([params.abortSignal, limit]) : limit;
        return Promise.resolve({ ...params, abortSignal });
      },
      wrapGenerate: async ({ doGenerate, params, model }) => {
        this.ordinal += 1;
        const ordinal = this.ordinal;
        const key = digest({
          episode: this.store?.episodeId ?? null,
          ordinal,
          model: `${model.provider}/${model.modelId}`,
          prompt: JSON.parse(JSON.stringify(params.prompt)) as unknown,
          tools: JSON.parse(JSON.stringify(params.tools ?? [])) as unknown,
          toolChoice: params.toolChoice ?? null,
        });
        const store = this.store;
        const mode = store?.cassette.mode;
        const hit = store && mode !== 'record' ? await store.cassette.lookup(store.episodeId, key) : null;
        if (store && !hit && mode === 'replay') throw store.cassette.missError(store.episodeId, ordinal, key);
        let result: LanguageModelV3GenerateResult;
        let answer: CassetteAnswer;
        if (hit) {
          answer = hit;
          result = generateResultOf(hit);
        } else {
          const started = performance.now();
          result = await doGenerate();
          answer = answerOf(result, Math.round(performance.now() - started));
          if (store) {
            if (mode === 'record' && ordinal === 1) await store.cassette.startEpisode(store.episodeId);
            await store.cassette.append(store.episodeId, {
              key,
              ordinal,
              request: { model: model.modelId, messages: [], tools: [] },
              answer,
            });
          }
        }
        const record: ModelCallRecord = {
          key,
          ordinal,
          model: model.modelId,
          message: answer.message,
          usage: answer.usage,
          costUsd: costUsd(answer.usage, prices),
          latencyMs: answer.latencyMs,
          attempts: answer.attempts,
        };
        const list = this.pending.get(role) ?? [];
        list.push(record);
        this.pending.set(role, list);
        this.last.set(role, record);
        return result;
      },
    };
  }
}

/** What a model call answered, as a cassette keeps it. */
function answerOf(result: LanguageModelV3GenerateResult, latencyMs: number): CassetteAnswer {
  const text = result.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const reasoning = result.content.flatMap((p) => (p.type === 'reasoning' ? [p.text] : [])).join('');
  const toolCalls: ModelToolCall[] = result.content.flatMap((p) =>
    p.type === 'tool-call' ? [{ id: p.toolCallId, name: p.toolName, arguments: p.input }] : [],
  );
  return {
    message: { content: text === '' ? null : text, ...(reasoning ? { reasoning } : {}), toolCalls },
    usage: {
      promptTokens: result.usage.inputTokens.total ?? 0,
      completionTokens: result.usage.outputTokens.total ?? 0,
      cachedTokens: result.usage.inputTokens.cacheRead ?? 0,
    },
    latencyMs,
    attempts: [],
  };
}

/** A recorded answer as the AI SDK model result it replays. */
function generateResultOf(answer: CassetteAnswer): LanguageModelV3GenerateResult {
  const { message, usage } = answer;
  const content: LanguageModelV3Content[] = [
    ...(message.reasoning ? [{ type: 'reasoning' as const, text: message.reasoning }] : []),
    ...(message.content !== null ? [{ type: 'text' as const, text: message.content }] : []),
    ...message.toolCalls.map((c) => ({
      type: 'tool-call' as const,
      toolCallId: c.id,
      toolName: c.name,
      input: c.arguments,
    })),
  ];
  return {
    content,
    finishReason: { unified: message.toolCalls.length > 0 ? 'tool-calls' : 'stop', raw: undefined },
    usage: {
      inputTokens: {
        total: usage.promptTokens,
        noCache: usage.promptTokens - usage.cachedTokens,
        cacheRead: usage.cachedTokens,
        cacheWrite: undefined,
      },
      outputTokens: { total: usage.completionTokens, text: undefined, reasoning: undefined },
    },
    warnings: [],
  };
}
