/**
 * Runs planned episodes on worker threads. Each worker loads the run's setup modules (the
 * built-ins) and `--import` modules once, then takes episodes from a shared queue — up to the run's
 * concurrency at once — and the main thread alone appends records, in whatever order episodes
 * finish (the recorder sorts at the end). A worker's model calls ask the main thread's request
 * limiter for permits, so the limits hold across all workers.
 *
 * A worker that dies mid-episode (an agent that calls `process.exit`, runs out of memory …) is
 * replaced and its episode run once more on a fresh worker; if that dies too the run stops with an
 * error naming the episode — every result recorded so far stays, so the run can be resumed.
 */
import { startWorker, workerEntryBeside } from '../core/worker-entry.js';
import { type Worker } from 'node:worker_threads';
import { stopWarmWorkers, takeWarmWorker } from './warm-workers.js';
import { FaultlineError } from '../core/errors.js';
import { episodeId, type PlannedKey } from './episode-id.js';
import type { EpisodeSettings } from './execute.js';
import type { EpisodeRecord } from './records.js';
import { BEAT_ACTING, BEAT_EVENTS, BEAT_SLOTS, type FromWorker, type ToWorker } from './worker-protocol.js';
import { LimiterHost } from './limiter-bridge.js';
import type { SetupEntry } from './setup.js';
import type { RequestLimiter } from '../llm/types.js';
import { ProviderError } from '../team/provider-error.js';

/** Arguments of {@link runOnWorkers}. */
export interface PoolOptions {
  readonly keys: readonly PlannedKey[];
  readonly settings: EpisodeSettings;
  readonly workers: number;
  /** Episodes each worker runs at once (model calls are I/O: one thread can await many). @defaultValue 1 */
  readonly concurrency?: number;
  /** Setup modules every worker imports first, calling each one's exported `setup(options?)` (the built-ins). */
  readonly setup: readonly SetupEntry[];
  /** Module URLs every worker imports before running (custom teams, envs). */
  readonly imports: readonly string[];
  /** The run directory, where workers write trajectory files themselves; null when not recording. */
  readonly out: string | null;
  /** The run's request limiter, shared by every worker through a proxy (absent: unlimited). */
  readonly limiter?: RequestLimiter;
  /** Called on the main thread for each finished episode (`trajectory` is null when the worker wrote it). */
  /** Called with each recorded episode and the wall-clock seconds it took (null: not measured). */
  readonly onResult: (record: EpisodeRecord, trajectory: string | null, seconds: number | null) => void;
  /** Checked before each dispatch: true stops handing out episodes (in-flight ones finish). */
  readonly shouldStop: () => boolean;
  /**
   * Wall-clock ms the team's code may hold a worker without any sign of life before the worker
   * counts as blocked (an agent in a synchronous loop, which no in-thread timeout can interrupt).
   * The worker is stopped and every episode in flight on it recorded as `timeout`. Time the
   * harness itself spends is not counted.
   */
  readonly blockedAfterMs: number;
  /**
   * Builds the record of an episode stopped that way (runs on the main thread): `stepsDone` steps
   * of it were taken, and `alongside` other episodes were in flight on the same worker.
   */
  readonly onBlocked: (
    key: PlannedKey,
    stepsDone: number,
    alongside: number,
  ) => { record: EpisodeRecord; trajectory: string };
}

/** How many times an episode whose worker died is run again. */
const CRASH_RETRIES = 1;

/** Runs the episodes of `keys` on `workers` threads; resolves once every worker has exited. */
export function runOnWorkers(options: PoolOptions): Promise<void> {
  const entry = workerEntryBeside(import.meta.url);
  const concurrency = options.concurrency ?? 1;
  const pending: number[] = options.keys.map((_, i) => i);
  const crashes = new Map<number, number>();
  /** Episodes in flight on a worker that died with several in flight: each runs alone from then on. */
  const solo = new Set<number>();
  let failure: Error | null = null;
  let live = 0;
  const workers = new Set<Worker>();
  /** Per busy worker: how to tell whether it still shows signs of life. */
  const watched = new Map<Worker, { beat: Int32Array; lastBeat: number; lastChange: number; stop: () => void }>();
  let watchdog: ReturnType<typeof setInterval> | null = null;

  return new Promise<void>((resolve, reject) => {
    const settle = () => {
      if (live > 0) return;
      if (watchdog) clearInterval(watchdog);
      if (failure) reject(failure);
      else resolve();
    };
    watchdog = setInterval(
      () => {
        const now = performance.now();
        for (const w of watched.values()) {
          const beat = Atomics.load(w.beat, BEAT_EVENTS);
          // Only the team's code can block a worker for good: time the harness spends (measuring a
          // huge action, stepping, grading) is not held against the agent.
          if (beat !== w.lastBeat || Atomics.load(w.beat, BEAT_ACTING) <= 0) {
            w.lastBeat = beat;
            w.lastChange = now;
          } else if (now - w.lastChange > options.blockedAfterMs) {
            w.stop();
          }
        }
      },
      Math.max(10, Math.min(1000, Math.floor(options.blockedAfterMs / 4))),
    );
    watchdog.unref();
    const fail = (error: Error) => {
      if (!failure) failure = error;
      pending.length = 0;
      for (const w of workers) void w.terminate();
    };
    const spawn = () => {
      // A warm worker the command started ahead of the run, or a new one.
      const worker = takeWarmWorker() ?? startWorker(entry);
      workers.add(worker);
      live++;
      /** The jobs in flight on this worker, by heartbeat slot. */
      const inFlight = new Map<number, number>();
      let ready = false;
      let crash: unknown = null;
      let blocked = false;
      /** Whether it was sent away with nothing in flight: its work is done, whenever the thread ends. */
      let retired = false;
      const host = options.limiter
        ? new LimiterHost(options.limiter, (answer) => worker.postMessage(answer satisfies ToWorker))
        : null;
      const beat = new Int32Array(new SharedArrayBuffer(4 * (BEAT_SLOTS + concurrency)));
      // When each job was sent, for its wall-clock time (reported to progress and --junit only).
      const sentAt = new Map<number, number>();
      const slotOf = (job: number): number | undefined => [...inFlight].find(([, j]) => j === job)?.[0];
      const watch = () => {
        if (inFlight.size === 0) return void watched.delete(worker);
        if (watched.has(worker)) return;
        const now = Atomics.load(beat, BEAT_EVENTS);
        watched.set(worker, {
          beat,
          lastBeat: now,
          lastChange: performance.now(),
          stop: () => {
            watched.delete(worker);
            blocked = true;
            const jobs = [...inFlight].sort((a, b) => a[1] - b[1]);
            inFlight.clear();
            for (const [slot, job] of jobs) {
              const key = options.keys[job] as PlannedKey;
              try {
                const steps = Atomics.load(beat, BEAT_SLOTS + slot);
                const { record, trajectory } = options.onBlocked(key, steps, jobs.length - 1);
                options.onResult(record, trajectory, null);
              } catch (e) {
                fail(e as Error);
              }
            }
            void worker.terminate();
          },
        });
      };
      /**
       * Ends a worker that has nothing in flight and nothing left to take. Its work counts as done
       * at once: a thread takes 0.2–0.3 s to wind down (its heap is torn down), which the run need
       * not wait for, and unref'd, the ending thread does not hold the process open either.
       */
      const retire = () => {
        if (retired) return;
        retired = true;
        worker.unref();
        void worker.terminate();
        live--;
        settle();
      };
      const dispatch = () => {
        while (!failure && !options.shouldStop() && inFlight.size < concurrency && pending.length > 0) {
          // A suspect of a crash runs alone, so a second crash is blamed on the right episode.
          if ([...inFlight.values()].some((j) => solo.has(j))) break;
          if (solo.has(pending[0] as number) && inFlight.size > 0) break;
          const job = pending.shift() as number;
          let slot = 0;
          while (inFlight.has(slot)) slot++;
          inFlight.set(slot, job);
          sentAt.set(job, performance.now());
          Atomics.store(beat, BEAT_SLOTS + slot, 0);
          const message: ToWorker = {
            type: 'run',
            job,
            slot,
            key: options.keys[job] as PlannedKey,
            settings: options.settings,
          };
          worker.postMessage(message);
        }
        if (inFlight.size === 0) retire();
        watch();
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          return dispatch();
        }
        if (blocked) return;
        if (
          message.type === 'limiter-acquire' ||
          message.type === 'limiter-cancel' ||
          message.type === 'limiter-release'
        )
          return host?.handle(message);
        if (message.type === 'failed') {
          const slot = slotOf(message.job);
          if (slot !== undefined) inFlight.delete(slot);
          const key = options.keys[message.job];
          if (message.fatal)
            return fail(
              new ProviderError(`${message.message} (episode ${key ? episodeId(key) : '?'})`, {
                fatal: true,
                status: message.fatal.status,
              }),
            );
          return fail(
            new FaultlineError(
              key
                ? `Episode ${episodeId(key)} could not run: ${message.message}`
                : `A worker could not start: ${message.message}`,
            ),
          );
        }
        const slot = slotOf(message.job);
        if (slot !== undefined) inFlight.delete(slot);
        try {
          const sent = sentAt.get(message.job);
          sentAt.delete(message.job);
          options.onResult(
            message.record,
            message.trajectory,
            sent === undefined ? null : (performance.now() - sent) / 1000,
          );
        } catch (e) {
          return fail(e as Error);
        }
        dispatch();
      });
      worker.on('error', (error) => {
        // The exit handler that always follows decides what to do.
        crash = error;
      });
      worker.on('exit', (code) => {
        workers.delete(worker);
        watched.delete(worker);
        host?.close();
        // A retired worker was counted out when it was sent away.
        if (retired) return;
        live--;
        if (blocked) {
          // Its episodes are recorded as timeouts; carry on with a fresh worker.
          if (!failure && !options.shouldStop() && pending.length > 0) spawn();
        } else if (!ready && !failure) {
          fail(
            new FaultlineError(
              `A worker thread failed to start (exit code ${code}): ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`,
            ),
          );
        } else if (inFlight.size > 0 && !failure) {
          // Every episode in flight on it runs again, on a fresh worker; one that keeps killing
          // its worker stops the run.
          const jobs = [...inFlight.values()].sort((a, b) => a - b);
          inFlight.clear();
          if (jobs.length > 1) {
            // Any of them may have killed it: each runs again alone before one is blamed.
            for (const job of jobs) solo.add(job);
            pending.unshift(...jobs);
            spawn();
            return settle();
          }
          const repeated = jobs.find((job) => (crashes.get(job) ?? 0) + 1 > CRASH_RETRIES);
          for (const job of jobs) crashes.set(job, (crashes.get(job) ?? 0) + 1);
          if (repeated !== undefined) {
            const why = crash instanceof Error ? `: ${crash.message}` : '';
            const key = options.keys[repeated] as PlannedKey;
            fail(
              new FaultlineError(
                `A worker died (exit code ${code}${why}) twice while running episode ${episodeId(key)}; stopping. Every episode finished so far is recorded: fix the agent and resume with --resume.`,
              ),
            );
          } else {
            pending.unshift(...jobs);
            spawn();
          }
        }
        settle();
      });
      const init: ToWorker = {
        type: 'init',
        setup: options.setup,
        imports: options.imports,
        out: options.out,
        beat: beat.buffer,
        limiter: options.limiter !== undefined,
      };
      worker.postMessage(init);
    };
    if (pending.length === 0) {
      stopWarmWorkers();
      clearInterval(watchdog);
      return resolve();
    }
    const count = Math.max(1, Math.min(options.workers, pending.length));
    for (let i = 0; i < count; i++) spawn();
    // Warm workers beyond what this run needs.
    stopWarmWorkers();
  });
}
