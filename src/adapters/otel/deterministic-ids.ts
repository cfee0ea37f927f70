/**
 * `EpisodeIdGenerator`: trace and span ids derived from the run and the episode instead of drawn
 * at random, so exporting the same run twice (live with `run --otel`, then again with
 * `faultline traces`) sends the same ids and a collector keeps one copy of each trace.
 *
 * The SDK's tracer asks its `IdGenerator` for ids without saying for which span; the exporter
 * calls {@link EpisodeIdGenerator.begin} before it exports an episode, and the episode's spans
 * are created synchronously in a fixed order, so the n-th span of an episode always gets the
 * same id.
 */
import { createHash } from 'node:crypto';

/** The shape of the SDK's `IdGenerator` (`@opentelemetry/sdk-trace-base`), without importing it. */
export interface TraceIdGenerator {
  generateTraceId(): string;
  generateSpanId(): string;
}

function hex(parts: readonly string[], chars: number): string {
  const h = createHash('sha256');
  // A separator that cannot occur in ids or timestamps keeps ('a b', 'c') apart from ('a', 'b c').
  for (const p of parts) h.update(p).update('\u0000');
  const out = h.digest('hex').slice(0, chars);
  // An all-zero id is invalid in OpenTelemetry; a hash gives one with probability 2^-64 at worst.
  return /^0+$/.test(out) ? `${out.slice(0, -1)}1` : out;
}

/** The trace id of an episode of a run: 32 hex digits of sha256(run, episode). */
export function episodeTraceId(runId: string, episodeId: string): string {
  return hex(['faultline.trace/1', runId, episodeId], 32);
}

/**
 * An `IdGenerator` for the tracer provider that exports episodes: between `begin(run, episode)`
 * calls, the trace id is {@link episodeTraceId} and the n-th span id is derived from it and n.
 *
 * @example
 * ```ts
 * const ids = new EpisodeIdGenerator();
 * const provider = new BasicTracerProvider({ idGenerator: ids, spanProcessors: [processor] });
 * ids.begin(runId, record.id);
 * episodeSpans(episode, analysis, provider.getTracer('faultline'), { episodeId: record.id });
 * ```
 */
export class EpisodeIdGenerator implements TraceIdGenerator {
  private traceId: string | null = null;
  private spans = 0;

  /** Starts the ids of one episode: `runId` names the run (e.g. its `startedAt`), `episodeId` the episode. */
  begin(runId: string, episodeId: string): void {
    this.traceId = episodeTraceId(runId, episodeId);
    this.spans = 0;
  }

  generateTraceId(): string {
    if (this.traceId === null)
      throw new Error('EpisodeIdGenerator: call begin(runId, episodeId) before exporting an episode');
    return this.traceId;
  }

  generateSpanId(): string {
    if (this.traceId === null)
      throw new Error('EpisodeIdGenerator: call begin(runId, episodeId) before exporting an episode');
    this.spans += 1;
    return hex(['faultline.span/1', this.traceId, String(this.spans)], 16);
  }
}
