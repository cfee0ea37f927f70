/**
 * Run progress on stderr: a live line on a terminal, plain lines at most every few seconds
 * otherwise (CI logs stay short but show life). Each says episodes done, rate, ETA, errors, the
 * model requests, tokens and cost of the finished episodes when teams call models, and how many
 * episodes each team passed so far.
 *
 * Why per team and not a count of failures: a run sets the ceiling (the oracle) beside the floor
 * (random, noop), whose failures are the point of running them, so "failures 180" mostly counts
 * what was expected. `oracle 45/45, brittle 30/45, random 0/45` says which failures are news (a
 * team below what it should reach) and shows the result forming; infrastructure errors, which
 * are never expected, are counted apart and come first.
 */
import { formatCount, formatUsd, percent } from '../report/table.js';
import { terminalWidth } from '../report/terminal.js';
import { displayWidth, truncateToWidth } from '../report/text-width.js';
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
  /** The team that played it (counts are kept per team when given). */
  readonly team?: string;
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
  /** Environment read for `COLUMNS` when the stream does not know its width. @defaultValue process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Teams a plain line names before it says how many more there are. */
const PLAIN_TEAMS = 12;

/** Creates a progress reporter. */
export function progressReporter(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const interval = (options.interval ?? 10) * 1000;
  let started = now();
  let lastLine = -Infinity;
  let lastPaint = -Infinity;
  let errors = 0;
  let painted = false;
  let calls = 0;
  let tokens = 0;
  let cost: number | null = 0;
  // Passed and finished episodes per team; teams listed by id, so the line does not reorder as
  // workers finish in a different order.
  const teams = new Map<string, { passed: number; done: number }>();
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
      if ((INFRASTRUCTURE_OUTCOMES as ReadonlySet<string>).has(record.outcome)) errors++;
      const team = teams.get(record.team ?? 'all') ?? { passed: 0, done: 0 };
      team.done++;
      if (record.success) team.passed++;
      teams.set(record.team ?? 'all', team);
      if (record.usage) {
        calls += record.usage.calls;
        tokens += record.usage.promptTokens + record.usage.completionTokens;
        cost = cost === null || record.usage.costUsd === null ? null : cost + record.usage.costUsd;
      }
      const t = now();
      // Most episodes paint nothing: the line is built only when it is written.
      const parts = (maxTeams: number) => {
        const elapsed = (t - started) / 1000;
        const rate = elapsed > 0 ? done / elapsed : 0;
        const eta = rate > 0 ? (total - done) / rate : 0;
        const models =
          calls > 0
            ? `  requests ${calls}  tokens ${formatCount(tokens)}${cost === null ? '' : `  $${formatUsd(cost)}`}`
            : '';
        return {
          count: `${done}/${total} ${percent(done / total)}`,
          rate: `  ${rate.toFixed(1)} ep/s`,
          rest: `  ETA ${clock(eta)}  errors ${errors}${models}  passed: ${teamCounts(teams, maxTeams)}`,
        };
      };
      if (tty) {
        if (t - lastPaint < 100 && done < total) return;
        lastPaint = t;
        stream.write(`\r${liveLine(parts(Infinity), done / total, terminalWidth(stream, options.env))}\u001b[K`);
        painted = true;
      } else if (t - lastLine >= interval || done === total) {
        lastLine = t;
        const p = parts(PLAIN_TEAMS);
        stream.write(`episodes ${p.count}${p.rate}${p.rest}\n`);
      }
    },
    done() {
      if (tty && painted) stream.write('\n');
    },
  };
}

/**
 * The live line in one line that never wraps (a wrapped line scrolls instead of being redrawn):
 * the widest form that fits one column less than the terminal — with a bar of 24, then 12, then
 * none, then without the rate — else the narrowest, cut. The counts per team come last, so a
 * narrow terminal loses the last teams before anything else.
 */
function liveLine(p: { count: string; rate: string; rest: string }, done: number, columns: number): string {
  const bar = (width: number) => {
    const filled = Math.round(done * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
  };
  const forms = [
    `${bar(24)}${p.count}${p.rate}${p.rest}`,
    `${bar(12)}${p.count}${p.rate}${p.rest}`,
    `${p.count}${p.rate}${p.rest}`,
    `${p.count}${p.rest}`,
  ];
  const max = columns - 1;
  return forms.find((f) => displayWidth(f) <= max) ?? truncateToWidth(forms.at(-1) as string, max);
}

/** `oracle 45/45, random 0/45`: passed over finished, per team by id; at most `max` teams named. */
function teamCounts(teams: ReadonlyMap<string, { passed: number; done: number }>, max: number): string {
  const ids = [...teams.keys()].sort();
  const named = ids.slice(0, max).map((id) => {
    const t = teams.get(id) as { passed: number; done: number };
    return `${id} ${t.passed}/${t.done}`;
  });
  return ids.length > max ? `${named.join(', ')} and ${ids.length - max} more teams` : named.join(', ');
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(r).padStart(2, '0')}`;
}
