/**
 * `faultline/otel`: episodes as OpenTelemetry traces. Needs the optional peer
 * `@opentelemetry/api`; spans go wherever the tracer's SDK sends them (Jaeger, Langfuse,
 * Phoenix through OTLP, or an in-memory exporter in tests). `openTraceExport` / `exportRunTraces`
 * send recorded runs over OTLP/HTTP themselves (what `faultline run --otel` and `faultline traces`
 * use); they also need the optional peers `@opentelemetry/sdk-trace-base`,
 * `@opentelemetry/resources` and `@opentelemetry/exporter-trace-otlp-http`, imported only then.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { analyzeEpisode } from 'faultline/metrics';
 * import { episodeSpans, exportRunTraces } from 'faultline/otel';
 * episodeSpans(result, analyzeEpisode(result), trace.getTracer('faultline'));
 * await exportRunTraces('runs/latest', { url: 'http://localhost:4318' }); // a recorded run
 * ```
 */
export * from '../adapters/otel/index.js';
