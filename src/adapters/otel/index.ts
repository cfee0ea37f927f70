/** The OpenTelemetry adapter's exports; `src/public/otel.ts` is the package entry. */
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
export {
  openTraceExport,
  exportRunTraces,
  type TraceExport,
  type TraceExportOptions,
  type TraceExportSummary,
  type ExportRunTracesOptions,
} from './trace-export.js';
export { EpisodeIdGenerator, episodeTraceId, type TraceIdGenerator } from './deterministic-ids.js';
export {
  otlpTracesEndpoint,
  otlpProtocol,
  DEFAULT_OTLP_BASE_URL,
  type OtlpEndpoint,
  type OtlpProtocol,
} from './otlp-endpoint.js';
export { OTLP_PACKAGES, type ModuleImporter } from './otlp-sdk.js';
