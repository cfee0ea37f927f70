/**
 * A worker's presence on the queue: a hash at `workerKey(id)` that the worker rewrites every few
 * seconds with an expiry a few times longer, so a worker that dies without a word (SIGKILL, a
 * lost host) disappears from `faultline queue status` on its own. The hash holds what the worker
 * is (its info), what it has done, what it is running and how fast it goes.
 *
 * Counting is in memory and never touches Redis: the worker's job callbacks must not fail or wait
 * because Redis is restarting. Only timers write, and a write that fails is simply retried at the
 * next tick. Besides the refresh, a worker left with nothing running publishes that shortly after
 * (`IDLE_PUBLISH_MS`), so `queue status` read right after a run ends does not show a finished job
 * as running for up to a refresh interval; a busy worker, which starts its next job at once,
 * writes no more than before.
 */
import type { Redis } from 'ioredis';
import { InvalidArgumentError } from '../core/errors.js';
import { WORKERS_SET, workerKey } from './keys.js';
import { writeStampedHash } from './stamped-hash.js';
import { AttemptCounts } from './attempt-counts.js';

/** What a worker is: written once per refresh, shown by `faultline queue status`. */
export interface WorkerInfo {
  /** Unique on the queue (e.g. `host-pid-random`). */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** How many episodes it runs at once. */
  readonly concurrency: number;
  /** The faultline version it runs. */
  readonly version: string;
  /** The modules it imported (custom worlds and teams). */
  readonly imports: readonly string[];
  /** The agent programs it starts (`--team-cmd`); absent from workers of earlier versions. */
  readonly programs?: readonly string[];
  /** The model endpoints it sends keys to, without credentials (its `OPENAI_BASE_URL` or OpenAI's, and `--base-url`). */
  readonly modelEndpoints?: readonly string[];
  /** The variables it reads API keys from (`OPENAI_API_KEY` and `--api-key-env`). */
  readonly keyVariables?: readonly string[];
  /** ISO time it started, by its own clock (shown, never compared across hosts). */
  readonly startedAt: string;
}

/** Options of {@link WorkerPresence}. */
export interface WorkerPresenceOptions {
  /** How often the hash is rewritten. @defaultValue 2000 */
  readonly intervalMs?: number;
  /** The hash's expiry: how long a silent worker stays listed. @defaultValue 15000 */
  readonly ttlMs?: number;
}

/** The fields of a worker's presence hash (besides `seenAt`, stamped by Redis). */
export const PRESENCE_FIELDS = ['info', 'done', 'failed', 'running', 'recentPerMinute', 'uptimeMs'] as const;

/** The window of {@link WorkerPresence}'s recent rate. */
const RECENT_WINDOW_MS = 60_000;

/** How long a worker with nothing running waits for a next job before it publishes that it is idle. */
export const IDLE_PUBLISH_MS = 100;

/** Keeps a worker's presence hash fresh while it runs (see the module comment). */
export class WorkerPresence {
  private readonly intervalMs: number;
  private readonly ttlMs: number;
  private readonly running = new AttemptCounts();
  /** Monotonic finish times of the last minute, oldest first. */
  private readonly recent: number[] = [];
  private done = 0;
  private failed = 0;
  private startedAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The pending publish of an idle worker (see {@link IDLE_PUBLISH_MS}). */
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The write in flight: the timer skips a tick rather than queue writes behind an outage. */
  private pending: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly info: WorkerInfo,
    options: WorkerPresenceOptions = {},
  ) {
    this.intervalMs = positive('intervalMs', options.intervalMs ?? 2000);
    this.ttlMs = positive('ttlMs', options.ttlMs ?? 15_000);
    if (this.ttlMs <= this.intervalMs)
      throw new InvalidArgumentError(
        'ttlMs',
        this.ttlMs,
        `more than intervalMs (${this.intervalMs}), or the worker would vanish between refreshes`,
        'pass a ttlMs several times intervalMs (the defaults are 15000 and 2000)',
      );
  }

  /**
   * Writes the presence now (rejecting if that write fails: bound it with `withDeadline`), then
   * every `intervalMs` on a timer that does not keep the process alive.
   */
  async start(): Promise<void> {
    if (this.timer !== undefined) return;
    this.stopped = false;
    this.startedAt = performance.now();
    await this.write();
    if (this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Notes that the worker started `jobId` (memory only; the next refresh publishes it). */
  jobStarted(jobId: string): void {
    this.running.start(jobId);
  }

  /**
   * Notes that `jobId` finished, successfully or not (memory only); with nothing left running,
   * the worker publishes that shortly unless a job starts first.
   */
  jobFinished(jobId: string, ok: boolean): void {
    this.running.end(jobId);
    if (ok) this.done++;
    else this.failed++;
    const now = performance.now();
    this.recent.push(now);
    this.forgetOld(now);
    if (this.running.size === 0) this.publishIfStillIdle();
  }

  /** Publishes in {@link IDLE_PUBLISH_MS} if nothing is running then (and the refresh is on). */
  private publishIfStillIdle(): void {
    if (this.idleTimer !== undefined || this.timer === undefined || this.stopped) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.running.size > 0 || this.stopped) return;
      // After a write in flight, whose fields may predate the job's end.
      void (this.pending ?? Promise.resolve()).catch(() => undefined).then(() => this.tick());
    }, IDLE_PUBLISH_MS);
    this.idleTimer.unref();
  }

  /** Stops refreshing and removes the presence (after any write in flight, which would recreate it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    await this.pending?.catch(() => undefined);
    await this.redis.multi().del(workerKey(this.info.id)).srem(WORKERS_SET, this.info.id).exec();
  }

  private tick(): void {
    if (this.pending || this.stopped) return;
    // Best-effort: a failed refresh is retried at the next tick; the expiry covers a long outage.
    this.write().catch(() => undefined);
  }

  private write(): Promise<void> {
    const now = performance.now();
    this.forgetOld(now);
    const fields = {
      info: JSON.stringify(this.info),
      done: String(this.done),
      failed: String(this.failed),
      running: JSON.stringify(this.running.ids()),
      recentPerMinute: String(this.recent.length),
      uptimeMs: String(Math.round(now - this.startedAt)),
    } satisfies Record<(typeof PRESENCE_FIELDS)[number], string>;
    const write = writeStampedHash(this.redis, workerKey(this.info.id), fields, {
      ttlMs: this.ttlMs,
      listedIn: { key: WORKERS_SET, member: this.info.id },
    }).then(() => undefined);
    this.pending = write;
    const clear = () => {
      if (this.pending === write) this.pending = null;
    };
    write.then(clear, clear);
    return write;
  }

  private forgetOld(now: number): void {
    while (this.recent.length > 0 && (this.recent[0] as number) <= now - RECENT_WINDOW_MS) this.recent.shift();
  }
}

function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError(field, value, 'a positive number of milliseconds', `pass e.g. ${field}: 2000`);
  return value;
}
