/**
 * What `faultline run` prints once its episodes are done: the summary (table or JSON), the
 * episodes that ended in errors, the throughput, where the run was recorded, the report, and the
 * run's conclusion in plain words.
 */
import { resolve } from 'node:path';
import { renderSummaryTable } from '../report/table.js';
import { terminalTableOptions } from '../report/terminal.js';
import { conclusionLines, conclusionWidth, displayPath } from './conclusion.js';
import type { RunResult } from '../run/runner.js';
import { redactedUrl } from '../queue/redis-url.js';

/**
 * The closing line naming the episodes whose model provider could not be reached (kept out of
 * pass rates) and how to run them again.
 */
export function providerErrorNotice(ids: readonly string[]): string {
  const shown = ids.slice(0, 20).join(', ');
  const more = ids.length > 20 ? ` and ${ids.length - 20} more` : '';
  return `${ids.length} episode${ids.length === 1 ? '' : 's'} could not reach the model provider: ${shown}${more}; re-run them with --resume`;
}

/** The options of `faultline run` that decide what is printed after the run. */
export interface RunOutputOptions {
  json?: boolean;
  out?: string;
  report?: boolean;
  countErrors?: boolean;
  workers: number;
  /** The queue the episodes ran on (its workers, not this process's, ran them). */
  queue?: string;
  /** Every column of the table, whatever the terminal's width. */
  wide?: boolean;
}

/** Writes `DIR/report.html` and prints its path (the report module loads only when asked for). */
async function writeRunReport(dir: string): Promise<void> {
  const { writeReport } = await import('../report/html/write.js');
  const path = writeReport(dir);
  process.stdout.write(`Report: ${displayPath(path)}\n`);
}

/** Prints a finished (not interrupted) run's results. */
export async function printRunResult(result: RunResult, opts: RunOutputOptions): Promise<void> {
  const { summary, highlights } = result;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderSummaryTable(summary, terminalTableOptions({ wide: opts.wide }))}\n`);
    for (const r of highlights.errors) {
      process.stdout.write(
        `${r.outcome} in ${r.id} at step ${r.error?.step} (${r.error?.role}): ${r.error?.message}\n`,
      );
    }
    process.stdout.write(
      `${result.ran} episodes in ${result.seconds.toFixed(1)} s (${(result.ran / Math.max(result.seconds, 1e-9)).toFixed(1)} episodes/s, ${opts.queue ? `on the queue at ${redactedUrl(opts.queue)}` : `${opts.workers} worker${opts.workers === 1 ? '' : 's'}`})\n`,
    );
    if (opts.out)
      process.stdout.write(`Recorded ${highlights.recorded} episodes in ${displayPath(resolve(opts.out))}\n`);
  }
  if (highlights.providerErrors.length > 0) process.stderr.write(`${providerErrorNotice(highlights.providerErrors)}\n`);
  if (opts.report && opts.out) await writeRunReport(resolve(opts.out));
  if (!opts.json)
    process.stdout.write(`\n${conclusionLines(result, opts, conclusionWidth(process.stdout)).join('\n')}\n`);
}
