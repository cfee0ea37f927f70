/**
 * Run progress on stderr: a live bar on a terminal (episodes done, rate, ETA, failures so far,
 * and the model requests, tokens and cost of the finished episodes when the team calls models),
 * plain lines at most every few seconds otherwise (CI logs stay short but show life).
 */
import { formatCount, formatUsd, percent } from '../report/table.js';
import { INFRASTRUCTURE_OUTCOMES } from '../team/episode.js';

/** The progress reporter's surface. */
export interface Progress {
  start(info: {
    planned: number;
    recorded: number;
    discarded: number;
    toRun: number;
    /** Why records were discarded, counted (`2: the checksum does not match; 1: …`). */
    discardedReasons?: string;
    /** Records kept without checksums (an older run). */
    unverified?: number;
    /** Recorded episodes that could not reach the model provider: they run again. */
    providerErrors?: number;
  }): void;
  episode(record: ProgressRecord, done: number, total: number): void;
  done(): void;
}

/** What progress needs of a finished episode. */
export interface ProgressRecord {
  readonly success: boolean;
  readonly outcome: string;
  /** Its model calls, when it made any. */
  readonly usage?: {
    readonly calls: number;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly costUsd: number | null;
  };
}

/** Options of {@link progressReporter}. */
export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. @defaultValue 10 */
  readonly interval?: number;
  /** Clock in ms (injectable for tests). */
  readonly now?: () => number;
}

/** Creates a progress reporter. */
export function progressReporter(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const interval = (options.interval ?? 10) * 1000;
  let started = now();
  let lastLine = -Infinity;
  let lastPaint = -Infinity;
  let failures = 0;
  let errors = 0;
  let painted = false;
  let calls = 0;
  let tokens = 0;
  let cost: number | null = 0;
  return {
    start(info) {
      started = now();
      const resumed = info.recorded > 0 ? `, ${info.recorded} already recorded` : '';
      const repaired =
        info.discarded > 0
          ? `, ${info.discarded} record(s) discarded and redone${info.discardedReasons ? ` — ${info.discardedReasons}` : ''}`
          : '';
      const rerun = info.providerErrors
        ? `, ${info.providerErrors} that could not reach the model provider run again`
        : '';
      stream.write(`${info.toRun} episodes to run (${info.planned} planned${resumed}${repaired}${rerun})\n`);
      if (info.unverified)
        stream.write(
          `warning: ${info.unverified} recorded episode(s) have no checksums (recorded by an older faultline): kept as unverified, only checked for completeness\n`,
        );
    },
    episode(record, done, total) {
      if (!record.success) failures++;
      if ((INFRASTRUCTURE_OUTCOMES as ReadonlySet<string>).has(record.outcome)) errors++;
      if (record.usage) {
        calls += record.usage.calls;
        tokens += record.usage.promptTokens + record.usage.completionTokens;
        cost = cost === null || record.usage.costUsd === null ? null : cost + record.usage.costUsd;
      }
      const t = now();
      // Most episodes paint nothing: the line is built only when it is written.
      const stats = () => {
        const models =
          calls > 0
            ? `  requests ${calls}  tokens ${formatCount(tokens)}${cost === null ? '' : `  $${formatUsd(cost)}`}`
            : '';
        const elapsed = (t - started) / 1000;
        const rate = elapsed > 0 ? done / elapsed : 0;
        const eta = rate > 0 ? (total - done) / rate : 0;
        return `${done}/${total} ${percent(done / total)}  ${rate.toFixed(1)} ep/s  ETA ${clock(eta)}  failures ${failures}${errors ? ` (errors ${errors})` : ''}${models}`;
      };
      if (tty) {
        if (t - lastPaint < 100 && done < total) return;
        lastPaint = t;
        const width = 24;
        const filled = Math.round((done / total) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats()}\u001b[K`);
        painted = true;
      } else if (t - lastLine >= interval || done === total) {
        lastLine = t;
        stream.write(`episodes ${stats()}\n`);
      }
    },
    done() {
      if (tty && painted) stream.write('\n');
    },
  };
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(r).padStart(2, '0')}`;
}
