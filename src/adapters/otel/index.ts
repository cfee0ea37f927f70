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
