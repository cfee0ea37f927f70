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
export * from '../adapters/otel/index.js';
