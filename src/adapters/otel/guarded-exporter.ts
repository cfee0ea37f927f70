/**
 * A span exporter that stops after its first failure. The OTLP exporter already retries a
 * failed batch with backoff until its timeout, so a batch that still failed means the collector
 * is down or refuses us: sending the next batches would only make each of them wait the same
 * timeout (and make the process's exit wait for them). It also counts what was sent, for the
 * closing line.
 */
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { EPISODE_SPAN } from './semconv.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** `ExportResultCode.SUCCESS` of `@opentelemetry/core`, which is the SDK's dependency, not ours to import. */
const EXPORT_SUCCESS = 0;

/** What went through a {@link GuardedExporter}. */
export interface ExportCounts {
  /** Spans the collector accepted. */
  readonly exportedSpans: number;
  /** Episode root spans the collector accepted: traces, when every span of each was sent. */
  readonly exportedTraces: number;
  /** Spans given up on: in the failed batch, or after it. */
  readonly failedSpans: number;
  /** The first failure, or null. */
  readonly failure: Error | null;
}

/** See the module comment. */
export class GuardedExporter implements SpanExporter {
  private failed: ExportResult | null = null;
  private counts = { exportedSpans: 0, exportedTraces: 0, failedSpans: 0 };

  /** `onFailure` is called once, with the first failure. */
  constructor(
    private readonly inner: SpanExporter,
    private readonly onFailure: (error: Error) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.failed !== null) {
      this.counts.failedSpans += spans.length;
      resultCallback(this.failed);
      return;
    }
    this.inner.export(spans, (result) => {
      if (Number(result.code) === EXPORT_SUCCESS) {
        this.counts.exportedSpans += spans.length;
        this.counts.exportedTraces += spans.filter((s) => s.name === EPISODE_SPAN).length;
      } else {
        this.counts.failedSpans += spans.length;
        if (this.failed === null) {
          this.failed = result;
          this.onFailure(result.error ?? new Error('the exporter reported a failure without an error'));
        }
      }
      resultCallback(result);
    });
  }

  /** What was sent so far. */
  get totals(): ExportCounts {
    return { ...this.counts, failure: this.failed === null ? null : (this.failed.error ?? new Error('failed')) };
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
