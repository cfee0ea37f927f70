/**
 * `faultline/otel`: episodes as OpenTelemetry traces. Needs the optional peer
 * `@opentelemetry/api`; spans go wherever the tracer's SDK sends them (Jaeger, Langfuse,
 * Phoenix through OTLP, or an in-memory exporter in tests).
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { analyzeEpisode } from 'faultline/metrics';
 * import { episodeSpans } from 'faultline/otel';
 * episodeSpans(result, analyzeEpisode(result), trace.getTracer('faultline'));
 * ```
 */
export {
  episodeSpans,
  DEFAULT_EPOCH_MS,
  type EpisodeSpansOptions,
  type ExportableEpisode,
  type ExportedEpisode,
} from './episode-spans.js';
export { failureModeAttributesByStep, stepEventAttributes } from './step-attributes.js';
export { EPISODE_SPAN, FAULTLINE, GEN_AI } from './semconv.js';
export { otelRunHook, recordedEpisode, type OtelRunHookOptions } from './run-hook.js';
