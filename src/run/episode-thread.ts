/**
 * One long-lived worker thread that runs the episodes it is given, several at once when asked —
 * the same thread script and messages as a run's worker pool (`worker.ts`), for a caller that
 * receives episodes one by one (a queue worker) rather than as a plan. The thread keeps the
 * caller's event loop free whatever an episode's code does, and its registries apart from
 * another run's: a queue worker keeps one thread per distinct set of modules.
 */
import { type Worker } from 'node:worker_threads';
import { startWorker, workerEntryBeside } from '../core/worker-entry.js';
import { FaultlineError } from '../core/errors.js';
import type { PlannedKey } from './episode-id.js';
import type { EpisodeSettings, ExecutedEpisode } from './execute.js';
import { BEAT_ACTING, BEAT_EVENTS, BEAT_SLOTS, type FromWorker, type ToWorker } from './worker-protocol.js';
import { blockedAfterMs, blockedError } from './blocked-agent.js';
import { LimiterHost } from './limiter-bridge.js';
import type { SetupEntry } from './setup.js';
import type { RequestLimiter } from '../llm/types.js';

/** Options of {@link EpisodeThread.start}. */
export interface EpisodeThreadOptions {
  readonly setup: readonly SetupEntry[];
  /** Module URLs the thread imports after the setup modules. */
  readonly imports: readonly string[];
  /** Episodes the thread may run at once. */
  readonly concurrency: number;
  /** The limiter every model call of the thread's episodes asks (absent: none). */
  readonly limiter?: RequestLimiter;
}

interface Pending {
  readonly resolve: (done: ExecutedEpisode) => void;
  readonly reject: (error: Error) => void;
  /** Its heartbeat slot; -1 for an abandoned episode being recorded (it runs no step). */
  readonly slot: number;
  /** Wall-clock ms its agent may block the thread (see `blockedAfterMs`). */
  readonly blockedAfter: number;
}

/**
 * An episode whose agent (or another on the same thread) blocked the thread in synchronous code:
 * the thread was stopped. Record it with {@link EpisodeThread.abandon} on a fresh thread.
 */
export class BlockedEpisodeError extends FaultlineError {
  override name = 'BlockedEpisodeError';
  constructor(readonly error: ReturnType<typeof blockedError>) {
    super(error.message);
  }
}

/** A worker thread running episodes; see the module comment. */
export class EpisodeThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #concurrency: number;
  readonly #beat: Int32Array;
  #nextJob = 0;
  #exited: Error | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #lastBeat = 0;
  #lastChange = 0;

  private constructor(worker: Worker, concurrency: number, beat: Int32Array) {
    this.#worker = worker;
    this.#concurrency = concurrency;
    this.#beat = beat;
  }

  /** Starts a thread and resolves once it has loaded its modules (rejects if it could not). */
  static start(options: EpisodeThreadOptions): Promise<EpisodeThread> {
    const entry = workerEntryBeside(import.meta.url);
    const worker = startWorker(entry);
    const beat = new SharedArrayBuffer(4 * (BEAT_SLOTS + options.concurrency));
    const thread = new EpisodeThread(worker, options.concurrency, new Int32Array(beat));
    const host = options.limiter
      ? new LimiterHost(options.limiter, (answer) => worker.postMessage(answer satisfies ToWorker))
      : null;
    return new Promise((resolve, reject) => {
      let ready = false;
      let crash: unknown = null;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          return resolve(thread);
        }
        if (
          message.type === 'limiter-acquire' ||
          message.type === 'limiter-cancel' ||
          message.type === 'limiter-release'
        )
          return host?.handle(message);
        if (message.type === 'failed' && message.job < 0) return; // the exit that follows reports it
        thread.#settle(message);
      });
      worker.on('error', (error) => {
        crash = error;
      });
      worker.on('exit', (code) => {
        host?.close();
        const why = crash instanceof Error ? crash.message : `exit code ${code}`;
        const error = new FaultlineError(`The episode thread stopped (${why}).`);
        thread.#exited ??= error;
        if (thread.#watchdog) clearInterval(thread.#watchdog);
        for (const pending of thread.#pending.values()) pending.reject(error);
        thread.#pending.clear();
        if (!ready) reject(new FaultlineError(`The episode thread failed to load its modules: ${why}`));
      });
      const init: ToWorker = {
        type: 'init',
        setup: options.setup,
        imports: options.imports,
        out: null,
        beat,
        limiter: options.limiter !== undefined,
      };
      worker.postMessage(init);
      // A thread that fails to load posts `failed` with job -1 and stays alive: stop it so its
      // exit rejects the start with the reason.
      worker.once('message', (message: FromWorker) => {
        if (message.type === 'failed' && message.job < 0) {
          crash = new Error(message.message);
          void worker.terminate();
        }
      });
    });
  }

  /** Episodes running now. */
  get running(): number {
    return this.#pending.size;
  }

  /** False once the thread has stopped (it died, or was closed). */
  get alive(): boolean {
    return this.#exited === null;
  }

  /** Runs one episode on the thread; rejects if it cannot run or the thread dies meanwhile. */
  run(key: PlannedKey, settings: EpisodeSettings): Promise<ExecutedEpisode> {
    if (this.#exited) return Promise.reject(this.#exited);
    const used = new Set([...this.#pending.values()].map((p) => p.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    if (slot >= this.#concurrency)
      return Promise.reject(
        new FaultlineError(`The episode thread already runs ${this.#concurrency} episodes (its concurrency).`),
      );
    const job = this.#nextJob++;
    Atomics.store(this.#beat, BEAT_SLOTS + slot, 0);
    this.#watch();
    return new Promise((resolve, reject) => {
      this.#pending.set(job, { resolve, reject, slot, blockedAfter: blockedAfterMs(settings.agentTimeoutMs) });
      this.#worker.postMessage({ type: 'run', job, slot, key, settings } satisfies ToWorker);
    });
  }

  /**
   * The record of an episode another thread was stopped in (see {@link BlockedEpisodeError}):
   * outcome `timeout` with `error`'s message, as a run's worker pool records it.
   */
  abandon(key: PlannedKey, settings: EpisodeSettings, error: BlockedEpisodeError['error']): Promise<ExecutedEpisode> {
    if (this.#exited) return Promise.reject(this.#exited);
    const job = this.#nextJob++;
    return new Promise((resolve, reject) => {
      this.#pending.set(job, { resolve, reject, slot: -1, blockedAfter: Infinity });
      this.#worker.postMessage({ type: 'abandon', job, key, settings, error } satisfies ToWorker);
    });
  }

  /**
   * Watches the heartbeat while episodes run: a thread whose agents act without any sign of life
   * for longer than an episode allows is blocked in synchronous code, and is stopped.
   */
  #watch(): void {
    if (this.#watchdog) return;
    this.#lastBeat = Atomics.load(this.#beat, BEAT_EVENTS);
    this.#lastChange = performance.now();
    this.#watchdog = setInterval(() => {
      const now = performance.now();
      const beat = Atomics.load(this.#beat, BEAT_EVENTS);
      // Only the team's code can block a thread for good: time the harness spends is not held against it.
      if (beat !== this.#lastBeat || Atomics.load(this.#beat, BEAT_ACTING) <= 0 || this.#pending.size === 0) {
        this.#lastBeat = beat;
        this.#lastChange = now;
        return;
      }
      const running = [...this.#pending].filter(([, p]) => p.slot >= 0).sort((a, b) => a[0] - b[0]);
      const limit = Math.min(...running.map(([, p]) => p.blockedAfter));
      if (now - this.#lastChange <= limit) return;
      this.#exited = new FaultlineError(`The episode thread was stopped: an agent blocked it for over ${limit} ms.`);
      if (this.#watchdog) clearInterval(this.#watchdog);
      for (const [job, pending] of running) {
        const steps = Atomics.load(this.#beat, BEAT_SLOTS + pending.slot);
        this.#pending.delete(job);
        pending.reject(new BlockedEpisodeError(blockedError(steps, running.length - 1, limit)));
      }
      void this.#worker.terminate();
    }, 100);
    this.#watchdog.unref();
  }

  /** Stops the thread; episodes still running are rejected. */
  async close(): Promise<void> {
    if (this.#watchdog) clearInterval(this.#watchdog);
    await this.#worker.terminate();
  }

  #settle(message: Extract<FromWorker, { type: 'done' } | { type: 'failed' }>): void {
    const pending = this.#pending.get(message.job);
    if (!pending) return;
    this.#pending.delete(message.job);
    if (message.type === 'failed') return pending.reject(new FaultlineError(message.message));
    if (message.trajectory === null)
      return pending.reject(new FaultlineError(`The thread returned no trajectory for ${message.record.id}.`));
    pending.resolve({ record: message.record, trajectory: message.trajectory });
  }
}
