/**
 * Model calls recorded per role: each agent's model is wrapped so that every call it makes is
 * kept as a faultline `ModelCallRecord` (its answer, tokens, cost, latency) until the role's next
 * env step takes it as that step's `turn`, as the `llm` team records its turns. A call's key is a
 * hash of the episode, its ordinal, the model name and the request's content (instructions,
 * input, tools, handoffs, settings).
 *
 * With a cassette (the gateway's, one file per episode) the wrapper also serves answers:
 * `replay` answers from the file only and never calls (or even resolves) the model — a miss is an
 * error naming the role and the call —, `record` calls the model and stores every answer, `auto`
 * replays a hit and records a miss.
 */
import { performance } from 'node:perf_hooks';
import type { Model, ModelRequest, ModelResponse, StreamEvent } from '@openai/agents';
import { digest } from '../../core/canonical.js';
import type { Cassette, CassetteAnswer } from '../../llm/gateway/cassette.js';
import { costUsd } from '../../llm/gateway/cost.js';
import type { Prices } from '../../llm/types.js';
import { ProviderError } from '../../team/provider-error.js';
import type { ModelCallRecord, StepTurn } from '../../team/turn.js';
import { answerOf, responseOf, streamedResponse } from './cassette-answer.js';

/** Where a ledger's episode keeps its cassette. */
export interface LedgerCassette {
  readonly cassette: Cassette;
  /** The episode's id (its cassette file's name, and part of every key). */
  readonly episodeId: string;
}

/** A model call about to be made: its place in the episode and, from a cassette, its answer. */
interface OpenCall {
  readonly ordinal: number;
  readonly key: string;
  readonly hit: CassetteAnswer | null;
}

/** The model calls of one episode, waiting per role for the step they led to. */
export class TurnLedger {
  private ordinal = 0;
  private readonly waiting = new Map<string, ModelCallRecord[]>();

  /**
   * @param store - the episode's cassette, or null for live calls only
   * @param prices - USD per million tokens by role (a role without prices: cost unknown, null)
   * @param episodeId - the episode's id (part of every key) when there is no cassette
   */
  constructor(
    private readonly store: LedgerCassette | null = null,
    private readonly prices: Readonly<Record<string, Prices>> = {},
    private readonly episodeId: string | null = store?.episodeId ?? null,
  ) {}

  /**
   * Answers one call of `role`'s model: from the cassette when it has the answer, otherwise with
   * `live()` (never in `replay`, where a miss throws), recording the call either way.
   */
  async answer(
    role: string,
    modelName: string,
    request: ModelRequest,
    live: () => Promise<ModelResponse>,
  ): Promise<ModelResponse> {
    const call = await this.open(role, modelName, request);
    if (call.hit) {
      this.note(role, modelName, call, call.hit);
      return responseOf(call.hit);
    }
    const started = performance.now();
    const response = await live();
    await this.keep(role, modelName, call, answerOf(response, Math.round(performance.now() - started)));
    return response;
  }

  /** As {@link answer} for a streamed call: a hit is one `response_done` event; live events pass through. */
  async *stream(
    role: string,
    modelName: string,
    request: ModelRequest,
    live: () => AsyncIterable<StreamEvent>,
  ): AsyncIterable<StreamEvent> {
    const call = await this.open(role, modelName, request);
    if (call.hit) {
      this.note(role, modelName, call, call.hit);
      yield doneEvent(responseOf(call.hit));
      return;
    }
    const started = performance.now();
    for await (const event of live()) {
      if (event.type === 'response_done') {
        const answer = answerOf(streamedResponse(event), Math.round(performance.now() - started));
        await this.keep(role, modelName, call, answer);
      }
      yield event;
    }
  }

  /** The calls `role` made since its last step (the host's `turnOf`). */
  takeTurn(role: string): StepTurn | undefined {
    const calls = this.waiting.get(role);
    if (!calls || calls.length === 0) return undefined;
    this.waiting.delete(role);
    return { calls };
  }

  /** Every call no step has taken yet (made after a role's last step), in order, with its role. */
  takeLeftovers(): { role: string; turn: StepTurn }[] {
    const roles = [...this.waiting.keys()];
    return roles.flatMap((role) => {
      const turn = this.takeTurn(role);
      return turn ? [{ role, turn }] : [];
    });
  }

  private async open(role: string, modelName: string, request: ModelRequest): Promise<OpenCall> {
    this.ordinal += 1;
    const ordinal = this.ordinal;
    const key = digest({
      episode: this.episodeId,
      ordinal,
      model: modelName,
      request: requestContent(request),
    });
    const store = this.store;
    const mode = store?.cassette.mode;
    const hit = store && mode !== 'record' ? await store.cassette.lookup(store.episodeId, key) : null;
    if (store && !hit && mode === 'replay') {
      const miss = store.cassette.missError(store.episodeId, ordinal, key);
      throw new ProviderError(`The model of role "${role}" (${modelName}): ${miss.message}`, { cause: miss });
    }
    return { ordinal, key, hit };
  }

  /** Records a live answer, and stores it in the cassette (record and auto). */
  private async keep(role: string, modelName: string, call: OpenCall, answer: CassetteAnswer): Promise<void> {
    const store = this.store;
    if (store) {
      if (store.cassette.mode === 'record' && call.ordinal === 1) await store.cassette.startEpisode(store.episodeId);
      await store.cassette.append(store.episodeId, {
        key: call.key,
        ordinal: call.ordinal,
        // The SDK's request is not an OpenAI chat request: the key covers it, the line keeps the model.
        request: { model: modelName, messages: [], tools: [] },
        answer,
      });
    }
    this.note(role, modelName, call, answer);
  }

  private note(role: string, modelName: string, call: OpenCall, answer: CassetteAnswer): void {
    const record: ModelCallRecord = {
      key: call.key,
      ordinal: call.ordinal,
      model: modelName,
      message: answer.message,
      usage: answer.usage,
      costUsd: costUsd(answer.usage, this.prices[role]),
      latencyMs: answer.latencyMs,
      attempts: answer.attempts,
    };
    const list = this.waiting.get(role) ?? [];
    list.push(record);
    this.waiting.set(role, list);
  }
}

/** What of a request decides the answer: everything but functions and the tracing switch. */
function requestContent(request: ModelRequest): unknown {
  const { systemInstructions, input, previousResponseId, conversationId, modelSettings, tools, outputType, handoffs } =
    request;
  return JSON.parse(
    JSON.stringify({
      instructions: systemInstructions ?? null,
      input,
      previousResponseId: previousResponseId ?? null,
      conversationId: conversationId ?? null,
      modelSettings,
      tools,
      outputType,
      handoffs,
    }),
  ) as unknown;
}

function doneEvent(response: ModelResponse): StreamEvent {
  return {
    type: 'response_done',
    response: {
      id: response.responseId ?? 'replayed',
      usage: {
        requests: 1,
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        totalTokens: response.usage.totalTokens,
      },
      output: response.output,
    },
  } as StreamEvent;
}

/**
 * `work`, given a signal that aborts with the caller's or after `ms` (a `TimeoutError`), and
 * rejected when that signal aborts even if `work` ignores it (a model that never answers).
 */
function bounded<T>(
  work: (signal: AbortSignal) => Promise<T>,
  outer: AbortSignal | undefined,
  ms: number,
  late: () => Error,
): Promise<T> {
  const limit = AbortSignal.timeout(ms);
  const signal = outer ? AbortSignal.any([outer, limit]) : limit;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(limit.aborted ? late() : (signal.reason as Error));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work(signal)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * `role`'s model, its calls answered and recorded by `ledger`. `resolve` gives the model and is
 * called at the first live call only (a replay needs no model, no provider and no API key). A
 * live call that takes longer than `callTimeoutMs` is aborted with a `TimeoutError`.
 */
export function recordingModel(
  resolve: Model | (() => Promise<Model>),
  role: string,
  modelName: string,
  ledger: TurnLedger,
  callTimeoutMs: number | null = null,
): Model {
  let model: Promise<Model> | null = null;
  const get = (): Promise<Model> => (model ??= typeof resolve === 'function' ? resolve() : Promise.resolve(resolve));
  const live = async (request: ModelRequest): Promise<ModelResponse> => {
    const m = await get();
    if (callTimeoutMs === null) return m.getResponse(request);
    return bounded(
      (signal) => m.getResponse({ ...request, signal }),
      request.signal,
      callTimeoutMs,
      () => {
        const e = new Error(
          `the model of role "${role}" (${modelName}) did not answer within ${callTimeoutMs} ms (the budget's agentTimeoutMs)`,
        );
        e.name = 'TimeoutError';
        return e;
      },
    );
  };
  return {
    getResponse: (request) => ledger.answer(role, modelName, request, () => live(request)),
    getStreamedResponse: (request) =>
      ledger.stream(role, modelName, request, async function* () {
        yield* (await get()).getStreamedResponse(request);
      }),
  };
}
