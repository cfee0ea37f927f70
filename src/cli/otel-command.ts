/**
 * OpenTelemetry traces from the command line: `--otel [URL]` on `run` and `mcp` sends every
 * recorded episode to an OTLP/HTTP collector as it is recorded, and `faultline traces RUN_DIR`
 * sends a recorded run after the fact. The SDK packages are optional: they are imported here only
 * when a flag asks for them, so the CLI starts without them.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import type { EpisodeRecord } from '../run/records.js';
import { loadOtlpSdk } from '../adapters/otel/otlp-sdk.js';
import { otlpProtocol } from '../adapters/otel/otlp-endpoint.js';
import type { TraceExportSummary } from '../adapters/otel/trace-export.js';

/** The `--otel [URL]` option's help. */
export const OTEL_FLAG_HELP =
  'send every recorded episode as an OpenTelemetry trace to an OTLP/HTTP collector (Jaeger, Langfuse, Phoenix, Tempo); URL default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318; headers from OTEL_EXPORTER_OTLP_HEADERS. Needs --out and the optional @opentelemetry/* packages';

/** Writes a line to stderr, clearing a progress bar first on a terminal. */
function say(line: string): void {
  process.stderr.write(`${process.stderr.isTTY === true ? '\r\u001b[K' : ''}faultline: ${line}\n`);
}

/** The closing line of an export: how many traces went where, or what stopped them. */
export function traceSummaryLine(summary: TraceExportSummary): string {
  const spans = `${summary.exportedSpans} of ${summary.spans} spans`;
  return summary.error === null
    ? `traces: ${summary.exportedTraces} of ${summary.episodes} episodes sent to ${summary.endpoint} (${spans})`
    : `traces: ${summary.exportedTraces} of ${summary.episodes} episodes sent to ${summary.endpoint} (${spans}; ${summary.unsentSpans} not sent: ${summary.error})`;
}

/** An export of a run's episodes as they are recorded. */
export interface RunTraces {
  /** Exports one recorded episode (queued; never throws). */
  episode(record: EpisodeRecord): void;
  /** Flushes, prints the closing line and returns the summary. */
  finish(): Promise<TraceExportSummary>;
}

/**
 * Starts exporting the episodes of the run directory `out` (`--otel`'s value: `true` for the
 * default endpoint, or a URL). Throws, before the run starts, when `out` is missing, the URL is
 * bad or the SDK is not installed.
 */
export async function startRunTraces(
  otel: string | true,
  out: string | undefined,
  flag = '--otel',
): Promise<RunTraces> {
  if (out === undefined)
    throw new InvalidArgumentError(
      flag,
      otel,
      'a run directory given with --out (traces are exported from the recorded episodes)',
      'add --out DIR',
    );
  // Checked first: a missing package is named, not reported as the import error of a module that needs it.
  await loadOtlpSdk(flag, undefined, otlpProtocol());
  const { openTraceExport } = await import('../adapters/otel/trace-export.js');
  const dir = resolve(out);
  const exporting = await openTraceExport({
    ...(otel === true ? {} : { url: otel }),
    feature: flag,
    onWarning: (message, kind) =>
      say(
        kind === 'collector'
          ? `warning: ${message}. The run goes on and is recorded; send its traces later with: faultline traces ${dir}${otel === true ? '' : ' --otlp URL'}`
          : `warning: ${message}`,
      ),
  });
  return {
    episode: (record) => exporting.episode(dir, record),
    finish: async () => {
      const summary = await exporting.close();
      // A run that stopped before its first episode has nothing to say about traces.
      if (summary.episodes > 0) say(traceSummaryLine(summary));
      return summary;
    },
  };
}

/** Adds `faultline traces RUN_DIR` to the program. */
export function registerTracesCommand(program: Command): void {
  program
    .command('traces')
    .description(
      'Send a recorded run (or a merged one, or a server’s recordings) to an OTLP/HTTP collector, one OpenTelemetry trace per episode: the same traces, ids included, as run --otel sends live.',
    )
    .argument('<dir>', 'a run directory written with --out')
    .option(
      '--otlp <url>',
      'the collector (a base URL; /v1/traces is added); default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318; headers from OTEL_EXPORTER_OTLP_HEADERS',
    )
    .action(async (dir: string, opts: { otlp?: string }) => {
      await loadOtlpSdk('faultline traces', undefined, otlpProtocol());
      const { exportRunTraces } = await import('../adapters/otel/trace-export.js');
      const summary = await exportRunTraces(resolve(dir), {
        ...(opts.otlp !== undefined ? { url: opts.otlp } : {}),
        feature: '--otlp',
        onWarning: (message) => say(`warning: ${message}`),
      });
      say(traceSummaryLine(summary));
      if (summary.error !== null) process.exitCode = 1;
    });
}
