/**
 * Model calls recorded per role: each agent's model is wrapped so that every call it makes is
 * kept as a faultline `ModelCallRecord` (its answer, tokens, latency) until the role's next env
 * step takes it as that step's `turn`, as the `llm` team records its turns. Calls are keyed by a
 * hash of the request's content and their place in the episode.
 */
import { createHash } from 'node:crypto';
import { Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';
import { canonicalJson } from '../../core/canonical.js';
import type { ModelCallRecord, ModelToolCall, StepTurn } from '../../team/turn.js';

/** The model calls of one episode, waiting per role for the step they led to. */
export class TurnLedger {
  private ordinal = 0;
  private readonly waiting = new Map<string, ModelCallRecord[]>();

  /** Records one answered call of `role`'s model. */
  record(role: string, modelName: string, request: ModelRequest, response: ModelResponse, latencyMs: number): void {
    this.ordinal += 1;
    const content = canonicalJson({
      model: modelName,
      instructions: request.systemInstructions ?? null,
      input: request.input,
      tools: request.tools.map((t) => t.name),
      handoffs: request.handoffs.map((h) => h.toolName),
    });
    const key = createHash('sha256').update(`${content}\n${this.ordinal}`).digest('hex').slice(0, 32);
    const texts: string[] = [];
    const toolCalls: ModelToolCall[] = [];
    for (const item of response.output) {
      if (item.type === 'message' && item.role === 'assistant')
        for (const part of item.content) if (part.type === 'output_text') texts.push(part.text);
      if (item.type === 'function_call')
        toolCalls.push({ id: item.callId, name: item.name, arguments: item.arguments });
    }
    const cached = response.usage.inputTokensDetails.reduce((n, d) => n + (d['cached_tokens'] ?? 0), 0);
    const call: ModelCallRecord = {
      key,
      ordinal: this.ordinal,
      model: modelName,
      message: { content: texts.length > 0 ? texts.join('\n') : null, toolCalls },
      usage: {
        promptTokens: response.usage.inputTokens,
        completionTokens: response.usage.outputTokens,
        cachedTokens: cached,
      },
      costUsd: null,
      latencyMs,
      attempts: [],
    };
    const list = this.waiting.get(role) ?? [];
    list.push(call);
    this.waiting.set(role, list);
  }

  /** The calls `role` made since its last step (the host's `turnOf`). */
  takeTurn(role: string): StepTurn | undefined {
    const calls = this.waiting.get(role);
    if (!calls || calls.length === 0) return undefined;
    this.waiting.delete(role);
    return { calls };
  }
}

/** `model` for `role`, its calls recorded in `ledger`. */
export function recordingModel(model: Model, role: string, modelName: string, ledger: TurnLedger): Model {
  return {
    async getResponse(request: ModelRequest): Promise<ModelResponse> {
      const started = performance.now();
      const response = await model.getResponse(request);
      ledger.record(role, modelName, request, response, Math.round(performance.now() - started));
      return response;
    },
    async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
      const started = performance.now();
      for await (const event of model.getStreamedResponse(request)) {
        if (event.type === 'response_done') {
          const r = event.response;
          ledger.record(
            role,
            modelName,
            request,
            { usage: toUsage(r.usage), output: r.output, responseId: r.id },
            Math.round(performance.now() - started),
          );
        }
        yield event;
      }
    },
  };
}

function toUsage(u: {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  requests?: number | undefined;
}): Usage {
  return new Usage({
    requests: u.requests ?? 1,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.totalTokens,
  });
}
