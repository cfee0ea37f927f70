/**
 * `episodeSpans`: one episode as one trace. The root span `faultline.episode` carries the
 * episode's identity (env, team, seed, trial, profile), outcome, score and failure modes; each
 * step is a child span with its role, tool or action type, the perturbations that fired and the
 * failure-mode attributes the analysis places at it; each model call behind a step is a GenAI
 * `chat` span under that step.
 *
 * Time is virtual and deterministic: the episode starts at `epochMs`; a step without model calls
 * lasts `stepMs`; a step with model calls lasts as long as its calls took on the wall clock
 * (their recorded latencies and retry waits, laid end to end), so a trace shows where the time
 * went while two exports of the same episode are identical span for span.
 */
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import type { EpisodeMetrics } from '../../metrics/analyze.js';
import type { EpisodeResult, TrajectoryStep } from '../../team/episode.js';
import { INFRASTRUCTURE_OUTCOMES } from '../../team/episode.js';
import type { ModelCallRecord } from '../../team/turn.js';
import { EPISODE_SPAN, FAULTLINE, GEN_AI } from './semconv.js';
import { failureModeAttributesByStep, stepEventAttributes } from './step-attributes.js';

/** The episode an export needs: an `EpisodeResult`, or a run record joined with its trajectory. */
export type ExportableEpisode = Omit<EpisodeResult, 'trajectory'> & { readonly trajectory: readonly TrajectoryStep[] };

/** Options of {@link episodeSpans}. */
export interface EpisodeSpansOptions {
  /** When the episode's virtual time starts, in ms since the Unix epoch. @defaultValue {@link DEFAULT_EPOCH_MS} */
  readonly epochMs?: number;
  /** Virtual duration of a step without model calls, in ms. @defaultValue 1000 */
  readonly stepMs?: number;
  /** The episode's id (a run record's `id`): recorded as `gen_ai.conversation.id`. */
  readonly episodeId?: string;
  /** The context whose span becomes the episode's parent; by default each episode is its own trace. */
  readonly parent?: Context;
}

/** Where virtual time starts by default: 2026-01-01T00:00:00Z. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1);

const DEFAULT_STEP_MS = 1000;

/** What {@link episodeSpans} exported. */
export interface ExportedEpisode {
  /** The root span's context: its `traceId` is the episode's trace. */
  readonly root: SpanContext;
  /** Spans created: 1 + steps + model calls. */
  readonly spans: number;
  /** Virtual time at which the episode ended, in ms since the Unix epoch. */
  readonly endMs: number;
}

/** The root span's attributes: identity, outcome, score and the verdict. */
function episodeAttributes(result: ExportableEpisode, analysis: EpisodeMetrics, episodeId?: string): Attributes {
  const a: Attributes = {
    [FAULTLINE.env]: result.envId,
    [FAULTLINE.team]: result.team,
    [FAULTLINE.seed]: result.seed,
    [FAULTLINE.trial]: result.trial,
    [FAULTLINE.variant]: result.variant,
    [FAULTLINE.task]: result.taskId,
    [FAULTLINE.view]: result.view,
    [FAULTLINE.profile]: result.perturbations.profile,
    [FAULTLINE.outcome]: result.outcome,
    [FAULTLINE.success]: result.success,
    [FAULTLINE.score]: result.score,
    [FAULTLINE.reward]: result.reward,
    [FAULTLINE.steps]: result.steps,
    [FAULTLINE.handoffs]: result.handoffs,
    [FAULTLINE.invalidActions]: result.invalidActions,
    [FAULTLINE.toolErrors]: result.toolErrors,
    [FAULTLINE.clock]: result.clock,
    [FAULTLINE.digest]: result.digest,
    [FAULTLINE.failureModes]: [...analysis.verdict.modes],
    [FAULTLINE.violated]: [...result.grade.violated],
  };
  if (result.worldSize !== undefined) a[FAULTLINE.worldSize] = result.worldSize;
  if (episodeId !== undefined) a[GEN_AI.conversationId] = episodeId;
  const primary = analysis.verdict.primary;
  if (primary) {
    a[FAULTLINE.primaryMode] = primary.mode;
    a[FAULTLINE.primaryDetail] = primary.detail;
    a[`${FAULTLINE.primaryMode}.step`] = primary.step;
    a[`${FAULTLINE.primaryMode}.role`] = primary.role;
  }
  if (result.perturbations.atReset.length > 0)
    a[FAULTLINE.perturbationsAtReset] = result.perturbations.atReset.map((p) => p.id);
  if (result.usage) {
    a[FAULTLINE.usageCalls] = result.usage.calls;
    a[FAULTLINE.usageInputTokens] = result.usage.promptTokens;
    a[FAULTLINE.usageOutputTokens] = result.usage.completionTokens;
    if (result.usage.costUsd !== null) a[FAULTLINE.usageCostUsd] = result.usage.costUsd;
  }
  return a;
}

/** A model call's GenAI attributes. */
function modelCallAttributes(call: ModelCallRecord, role: string): Attributes {
  const a: Attributes = {
    [GEN_AI.operationName]: 'chat',
    [GEN_AI.requestModel]: call.model,
    [GEN_AI.responseModel]: call.model,
    [GEN_AI.agentName]: role,
    [GEN_AI.inputTokens]: call.usage.promptTokens,
    [GEN_AI.outputTokens]: call.usage.completionTokens,
    [GEN_AI.finishReasons]: [call.message.toolCalls.length > 0 ? 'tool_calls' : 'stop'],
    [FAULTLINE.callKey]: call.key,
    [FAULTLINE.callOrdinal]: call.ordinal,
    [FAULTLINE.callLatencyMs]: call.latencyMs,
    [FAULTLINE.callRetries]: call.attempts.length,
    [FAULTLINE.role]: role,
  };
  if (call.usage.cachedTokens > 0) a[GEN_AI.cacheReadInputTokens] = call.usage.cachedTokens;
  if (call.costUsd !== null) a[FAULTLINE.callCostUsd] = call.costUsd;
  if (call.message.toolCalls.length > 0) a[FAULTLINE.callToolCalls] = call.message.toolCalls.map((c) => c.name);
  return a;
}

/** The step span's name: `execute_tool <tool>` for a tool call (GenAI), else `faultline.<kind>`. */
function stepSpanName(step: TrajectoryStep): string {
  const action = step.event.action;
  return action?.type === 'tool' ? `execute_tool ${action.tool}` : `faultline.${step.event.kind}`;
}

/**
 * Exports one episode to `tracer` as one trace (see the module comment for its shape and time).
 * `analysis` is `analyzeEpisode(result)`; it is passed in so a caller that has it already (a
 * run, a report) does not compute it twice. Every span is ended before this returns.
 */
export function episodeSpans(
  result: ExportableEpisode,
  analysis: EpisodeMetrics,
  tracer: Tracer,
  options: EpisodeSpansOptions = {},
): ExportedEpisode {
  const epoch = options.epochMs ?? DEFAULT_EPOCH_MS;
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const parent = options.parent ?? context.active();
  const modes = failureModeAttributesByStep(analysis);
  const root = tracer.startSpan(
    EPISODE_SPAN,
    {
      kind: SpanKind.INTERNAL,
      startTime: epoch,
      // Causes at step 0 (a perturbation that struck the reset) belong to the episode itself.
      attributes: { ...modes.get(0), ...episodeAttributes(result, analysis, options.episodeId) },
      root: options.parent === undefined,
    },
    parent,
  );
  const episodeContext = trace.setSpan(parent, root);
  let spans = 1;
  let cursor = epoch;

  for (const step of result.trajectory) {
    const event = step.event;
    const calls = step.turn?.calls ?? [];
    const callTime = calls.reduce((t, c) => t + c.latencyMs + c.attempts.reduce((w, a) => w + a.waitedMs, 0), 0);
    const start = cursor;
    const end = start + (calls.length > 0 ? Math.max(1, callTime) : stepMs);
    const attributes: Attributes = {
      ...stepEventAttributes(event),
      ...modes.get(event.step),
      [GEN_AI.agentName]: step.role,
      [FAULTLINE.reward]: step.reward,
    };
    if (event.action?.type === 'tool') {
      attributes[GEN_AI.operationName] = 'execute_tool';
      attributes[GEN_AI.toolName] = event.action.tool;
      attributes[GEN_AI.toolType] = 'function';
      if (step.turn?.toolCall) attributes[GEN_AI.toolCallId] = step.turn.toolCall.id;
    }
    const span = tracer.startSpan(
      stepSpanName(step),
      { kind: SpanKind.INTERNAL, startTime: start, attributes },
      episodeContext,
    );
    spans += 1;
    for (const p of event.perturbations ?? [])
      span.addEvent(
        'faultline.perturbation',
        {
          'faultline.perturbation.id': p.id,
          'faultline.perturbation.type': p.type,
          'faultline.perturbation.kind': p.kind,
        },
        start,
      );
    const stepContext = trace.setSpan(episodeContext, span);
    let t = start;
    for (const call of calls) {
      const waited = call.attempts.reduce((w, a) => w + a.waitedMs, 0);
      const callSpan = tracer.startSpan(
        `chat ${call.model}`,
        { kind: SpanKind.CLIENT, startTime: t, attributes: modelCallAttributes(call, step.role) },
        stepContext,
      );
      let at = t;
      for (const attempt of call.attempts) {
        callSpan.addEvent(
          'faultline.retry',
          {
            'http.response.status_code': attempt.status ?? 0,
            'error.type': attempt.error,
            'faultline.waited_ms': attempt.waitedMs,
          },
          at,
        );
        at += attempt.waitedMs;
      }
      t += waited + call.latencyMs;
      callSpan.end(t);
      spans += 1;
    }
    const failed = result.error && result.error.step === event.step ? result.error.message : null;
    if (failed !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
    else if (!event.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error?.message ?? event.kind });
    if (event.error) span.setAttribute('error.type', event.error.code);
    span.end(end);
    cursor = end;
  }

  if (INFRASTRUCTURE_OUTCOMES.has(result.outcome))
    root.setStatus({ code: SpanStatusCode.ERROR, message: result.error?.message ?? result.outcome });
  root.end(cursor);
  return { root: root.spanContext(), spans, endMs: cursor };
}
