/**
 * `openTraceExport`: sends recorded episodes to an OTLP/HTTP collector (Jaeger, Langfuse,
 * Phoenix, Grafana Tempo, the OpenTelemetry Collector) with the official SDK and exporter, loaded
 * only when asked for. What `faultline run --otel` and `faultline traces` use.
 *
 * Exporting never stops or fails a run: spans are queued and sent in batches in the background;
 * a collector that cannot be reached costs one warning (and the exporter's timeout, once), after
 * which nothing more is sent; {@link TraceExport.close} flushes what is queued and says how many
 * traces went out. Headers (`OTEL_EXPORTER_OTLP_HEADERS`, e.g. an API key) are read from the
 * environment by the exporter itself and never pass through faultline's messages or files.
 *
 * Ids and times are derived from the run, so exporting a run again sends the same traces: the
 * trace id is sha256(run's `startedAt`, episode id), span ids follow from it, and each episode's
 * virtual time starts at the run's `startedAt` (see `episodeSpans`).
 */
import type { EpisodeRecord } from '../../run/records.js';
import { readManifest } from '../../run/manifest.js';
import { scanRecordedEpisodes } from '../../run/record-scan.js';
import { FaultlineError } from '../../core/errors.js';
import { EpisodeIdGenerator } from './deterministic-ids.js';
import { episodeSpans } from './episode-spans.js';
import { GuardedExporter } from './guarded-exporter.js';
import { otlpProtocol, otlpTracesEndpoint, type OtlpEndpoint, type OtlpProtocol } from './otlp-endpoint.js';
import { loadOtlpSdk, type ModuleImporter } from './otlp-sdk.js';
import { recordedEpisode } from './run-hook.js';

/** Options of {@link openTraceExport}. */
export interface TraceExportOptions {
  /** The collector: a base URL (`/v1/traces` is added) or a full traces URL; default from the `OTEL_EXPORTER_OTLP_*` variables. */
  readonly url?: string;
  /** What asked for the export, named in messages (a flag such as `--otel`). @defaultValue 'the OTLP export' */
  readonly feature?: string;
  /** Called at most once per problem (collector unreachable, an episode that could not be read), with `kind` `collector` or `episode`. @defaultValue ignore */
  readonly onWarning?: (message: string, kind: 'collector' | 'episode') => void;
  /** The `service.name` resource attribute. @defaultValue 'faultline' */
  readonly serviceName?: string;
  /** How a module is imported (tests make one missing). */
  readonly importer?: ModuleImporter;
  /** Environment variables the endpoint is resolved from. @defaultValue process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What an export sent, once closed. */
export interface TraceExportSummary {
  /** Where the traces went (without user info or query: safe to print). */
  readonly endpoint: string;
  /** Episodes exported (spans created for them). */
  readonly episodes: number;
  /** Spans created. */
  readonly spans: number;
  /** Traces the collector accepted (their root spans). */
  readonly exportedTraces: number;
  readonly exportedSpans: number;
  /** Spans not sent: given up on after a failure, dropped from a full queue, or left at the end. */
  readonly unsentSpans: number;
  /** Why sending stopped, or null when everything was sent. */
  readonly error: string | null;
}

/** An open export: `episode` per recorded episode, then `close` once. */
export interface TraceExport {
  readonly endpoint: OtlpEndpoint;
  /** The encoding sent: `http/json`, or `http/protobuf` when `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` says so. */
  readonly protocol: OtlpProtocol;
  /** Exports one recorded episode of the run directory `out` (synchronous: the spans are queued). */
  episode(out: string, record: EpisodeRecord): void;
  /** Sends what is queued and shuts the exporter down. */
  close(): Promise<TraceExportSummary>;
}

/** Queued spans at most; a collector slower than this is told by the summary's `unsentSpans`. */
const MAX_QUEUE = 65_536;

/** The run's identity and start, from its `run.json`. */
function runOf(out: string): { readonly id: string; readonly epochMs: number } {
  const manifest = readManifest(out);
  if (!manifest)
    throw new FaultlineError(
      `${out} has no run.json: it is not a run directory. Pass the directory a run wrote with --out.`,
    );
  const epochMs = Date.parse(manifest.startedAt);
  return { id: manifest.startedAt, epochMs: Number.isFinite(epochMs) ? epochMs : 0 };
}

/**
 * Opens an OTLP/HTTP export. Throws before anything runs when the SDK packages are missing (naming
 * them) or the URL is not one.
 */
export async function openTraceExport(options: TraceExportOptions = {}): Promise<TraceExport> {
  const feature = options.feature ?? 'the OTLP export';
  const env = options.env ?? process.env;
  const endpoint = otlpTracesEndpoint(options.url, env, feature);
  const protocol = otlpProtocol(env);
  const { sdk, resources, exporter } = await loadOtlpSdk(feature, options.importer, protocol);
  const warned = new Set<string>();
  const warn = (kind: 'collector' | 'episode', message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    options.onWarning?.(message, kind);
  };
  const guarded = new GuardedExporter(new exporter.OTLPTraceExporter({ url: endpoint.url }), (error) =>
    warn('collector', `could not send traces to ${endpoint.shown} (${error.message}); no more traces are sent`),
  );
  const ids = new EpisodeIdGenerator();
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName ?? 'faultline' }),
    idGenerator: ids,
    spanProcessors: [
      new sdk.BatchSpanProcessor(guarded, {
        maxQueueSize: MAX_QUEUE,
        maxExportBatchSize: 1024,
        scheduledDelayMillis: 500,
      }),
    ],
  });
  const tracer = provider.getTracer('faultline');
  const runs = new Map<string, { readonly id: string; readonly epochMs: number }>();
  let episodes = 0;
  let spans = 0;
  let closed = false;

  return {
    endpoint,
    protocol,
    episode(out, record) {
      if (closed) throw new FaultlineError(`${feature}: episode() after close()`);
      try {
        let run = runs.get(out);
        if (!run) runs.set(out, (run = runOf(out)));
        const { episode, analysis } = recordedEpisode(out, record);
        ids.begin(run.id, record.id);
        const exported = episodeSpans(episode, analysis, tracer, { episodeId: record.id, epochMs: run.epochMs });
        episodes += 1;
        spans += exported.spans;
      } catch (e) {
        // A trace is a view of the run: failing to make one never fails the run.
        warn('episode', `could not export episode ${record.id} as a trace: ${(e as Error).message}`);
      }
    },
    async close() {
      if (!closed) {
        closed = true;
        // The processor rejects its flush when a batch failed: the exporter has counted that
        // failure already (and warned), and a trace that was not sent never fails the caller.
        await provider.shutdown().catch(() => undefined);
      }
      const totals = guarded.totals;
      return {
        endpoint: endpoint.shown,
        episodes,
        spans,
        exportedTraces: totals.exportedTraces,
        exportedSpans: totals.exportedSpans,
        unsentSpans: spans - totals.exportedSpans,
        error: totals.failure?.message ?? (totals.exportedSpans < spans ? 'some spans were dropped' : null),
      };
    },
  };
}

/** Options of {@link exportRunTraces}. */
export type ExportRunTracesOptions = TraceExportOptions;

/**
 * Exports every recorded episode of a run directory (a run, a merged run, a server's recordings)
 * as one trace each: the same traces, ids included, as `faultline run --otel` sent live.
 */
export async function exportRunTraces(dir: string, options: ExportRunTracesOptions = {}): Promise<TraceExportSummary> {
  runOf(dir);
  const exporting = await openTraceExport(options);
  // Each record is exported as it is read, none held: a run directory may hold any number.
  scanRecordedEpisodes(dir, {}, (record) => exporting.episode(dir, record));
  return exporting.close();
}
