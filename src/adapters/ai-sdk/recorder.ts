/**
 * Records the model calls of an AI SDK team as step turns: a `wrapLanguageModel` middleware per
 * role notes each `generateText` model call, and the episode host takes what a role has noted
 * when that role's tool call is stepped (`turnOf`), so the calls behind an action travel with
 * its step, outside the digest.
 */
import { performance } from 'node:perf_hooks';
import type { LanguageModelV3, LanguageModelV3Middleware } from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';
import { digest } from '../../core/canonical.js';
import type { ModelCallRecord, ModelToolCall, StepTurn } from '../../team/turn.js';

/** The model calls of one episode, noted per role until a step takes them. */
export class TurnRecorder {
  private ordinal = 0;
  private readonly pending = new Map<string, ModelCallRecord[]>();
  private readonly last = new Map<string, ModelCallRecord>();
  private readonly executing = new Map<string, string>();

  /** `model` wrapped so that every call it answers is noted for `role`. */
  wrap(role: string, model: LanguageModelV3): LanguageModelV3 {
    return wrapLanguageModel({ model, middleware: this.middleware(role) });
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
    if (calls.length === 0 && index < 0) return undefined;
    return {
      calls,
      ...(id !== undefined && index >= 0 ? { toolCall: { id, index, of: reply.length } } : {}),
    };
  }

  private middleware(role: string): LanguageModelV3Middleware {
    return {
      specificationVersion: 'v3',
      wrapGenerate: async ({ doGenerate, params, model }) => {
        const started = performance.now();
        const result = await doGenerate();
        const latencyMs = Math.round(performance.now() - started);
        this.ordinal += 1;
        const text = result.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
        const reasoning = result.content.flatMap((p) => (p.type === 'reasoning' ? [p.text] : [])).join('');
        const toolCalls: ModelToolCall[] = result.content.flatMap((p) =>
          p.type === 'tool-call' ? [{ id: p.toolCallId, name: p.toolName, arguments: p.input }] : [],
        );
        const record: ModelCallRecord = {
          key: digest({
            model: `${model.provider}/${model.modelId}`,
            role,
            ordinal: this.ordinal,
            prompt: JSON.parse(JSON.stringify(params.prompt)) as unknown,
          }),
          ordinal: this.ordinal,
          model: model.modelId,
          message: { content: text === '' ? null : text, ...(reasoning ? { reasoning } : {}), toolCalls },
          usage: {
            promptTokens: result.usage.inputTokens.total ?? 0,
            completionTokens: result.usage.outputTokens.total ?? 0,
            cachedTokens: result.usage.inputTokens.cacheRead ?? 0,
          },
          costUsd: null,
          latencyMs,
          attempts: [],
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
