/**
 * Runs planned episodes on worker threads. Each worker loads the run's setup modules (the
 * built-ins) and `--import` modules once, then takes episodes from a shared queue; the main thread alone writes
 * files, in whatever order episodes finish (the recorder sorts at the end).
 *
 * A worker that dies mid-episode (an agent that calls `process.exit`, runs out of memory …) is
 * replaced and its episode run once more on a fresh worker; if that dies too the run stops with an
 * error naming the episode — every result recorded so far stays, so the run can be resumed.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { FaultlineError } from '../core/errors.js';
import { episodeId, type EpisodeKey } from './episode-id.js';
import type { EpisodeSettings } from './execute.js';
import type { EpisodeRecord } from './records.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** Arguments of {@link runOnWorkers}. */
export interface PoolOptions {
  readonly keys: readonly Required<EpisodeKey>[];
  readonly settings: EpisodeSettings;
  readonly workers: number;
  /** Module URLs every worker imports first, calling each one's exported `setup()` (the built-ins). */
  readonly setup: readonly string[];
  /** Module URLs every worker imports before running (custom teams, envs). */
  readonly imports: readonly string[];
  /** The run directory, where workers write trajectory files themselves; null when not recording. */
  readonly out: string | null;
  /** Called on the main thread for each finished episode (`trajectory` is null when the worker wrote it). */
  readonly onResult: (record: EpisodeRecord, trajectory: string | null) => void;
  /** Checked before each dispatch: true stops handing out episodes (in-flight ones finish). */
  readonly shouldStop: () => boolean;
  /**
   * Wall-clock ms the team's code may hold a worker without a step before the worker counts as
   * blocked (an agent in a synchronous loop, which no in-thread timeout can interrupt). The worker
   * is stopped and the episode recorded as `timeout`. Time the harness itself spends is not counted.
   */
  readonly blockedAfterMs: number;
  /** Builds the record of an episode stopped that way (runs on the main thread). */
  readonly onBlocked: (key: Required<EpisodeKey>, stepsDone: number) => { record: EpisodeRecord; trajectory: string };
}

/** How many times an episode whose worker died is run again. */
const CRASH_RETRIES = 1;

/** Runs the episodes of `keys` on `workers` threads; resolves once every worker has exited. */
export function runOnWorkers(options: PoolOptions): Promise<void> {
  const entry = workerEntry();
  const pending: number[] = options.keys.map((_, i) => i);
  const crashes = new Map<number, number>();
  let failure: Error | null = null;
  let live = 0;
  const workers = new Set<Worker>();
  /** Per busy worker: how to tell whether it still makes progress. */
  const watched = new Map<
    Worker,
    { job: number; beat: Int32Array; startBeat: number; lastBeat: number; lastChange: number; stop: () => void }
  >();
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
          const beat = Atomics.load(w.beat, 0);
          // Only the team's code can block a worker for good: time the harness spends (measuring a
          // huge action, stepping, grading) is not held against the agent.
          if (beat !== w.lastBeat || Atomics.load(w.beat, 1) === 0) {
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
      const worker = new Worker(entry.source, { eval: entry.eval, execArgv: entry.execArgv });
      workers.add(worker);
      live++;
      let current: number | null = null;
      let ready = false;
      let crash: unknown = null;
      let blocked = false;
      // The worker bumps [0] at every step and holds [1] at 1 while the team's code runs; the
      // watchdog reads both without messages.
      const beat = new Int32Array(new SharedArrayBuffer(8));
      const dispatch = () => {
        watched.delete(worker);
        const job = failure || options.shouldStop() ? undefined : pending.shift();
        if (job === undefined) {
          current = null;
          void worker.terminate();
          return;
        }
        current = job;
        const startBeat = Atomics.load(beat, 0);
        watched.set(worker, {
          job,
          beat,
          startBeat,
          lastBeat: startBeat,
          lastChange: performance.now(),
          stop: () => {
            watched.delete(worker);
            blocked = true;
            const key = options.keys[job] as Required<EpisodeKey>;
            try {
              const { record, trajectory } = options.onBlocked(key, Atomics.load(beat, 0) - startBeat);
              options.onResult(record, trajectory);
            } catch (e) {
              fail(e as Error);
            }
            void worker.terminate();
          },
        });
        const message: ToWorker = {
          type: 'run',
          job,
          key: options.keys[job] as Required<EpisodeKey>,
          settings: options.settings,
        };
        worker.postMessage(message);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          return dispatch();
        }
        if (blocked) return;
        if (message.type === 'failed') {
          current = null;
          const key = options.keys[message.job];
          return fail(
            new FaultlineError(
              key
                ? `Episode ${episodeId(key)} could not run: ${message.message}`
                : `A worker could not start: ${message.message}`,
            ),
          );
        }
        current = null;
        try {
          options.onResult(message.record, message.trajectory);
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
        live--;
        if (blocked) {
          // Its episode is recorded as a timeout; carry on with a fresh worker.
          if (!failure && !options.shouldStop() && pending.length > 0) spawn();
        } else if (!ready && !failure) {
          fail(
            new FaultlineError(
              `A worker thread failed to start (exit code ${code}): ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`,
            ),
          );
        } else if (current !== null && !failure) {
          const job = current;
          const tries = (crashes.get(job) ?? 0) + 1;
          crashes.set(job, tries);
          const key = options.keys[job] as Required<EpisodeKey>;
          if (tries > CRASH_RETRIES) {
            const why = crash instanceof Error ? `: ${crash.message}` : '';
            fail(
              new FaultlineError(
                `A worker died (exit code ${code}${why}) twice while running episode ${episodeId(key)}; stopping. Every episode finished so far is recorded: fix the agent and resume with --resume.`,
              ),
            );
          } else {
            pending.unshift(job);
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
      };
      worker.postMessage(init);
    };
    const count = Math.max(1, Math.min(options.workers, pending.length));
    if (pending.length === 0) {
      clearInterval(watchdog);
      return resolve();
    }
    for (let i = 0; i < count; i++) spawn();
  });
}

/**
 * How to start a worker. From compiled output it is `worker.js`; from TypeScript sources (a
 * checkout, tests) a tiny bootstrap registers tsx on the thread first — resolved from this package,
 * so it works from any working directory — then imports `worker.ts`.
 */
function workerEntry(): { source: URL | string; eval: boolean; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts'))
    return { source: new URL('./worker.js', import.meta.url), eval: false, execArgv: process.execArgv };
  // From the sources, `faultline/...` in an `--import` module must resolve to the sources too
  // (the `source` export condition), or a worker would load a second copy of the registries from dist/.
  const execArgv = process.execArgv.includes('--conditions=source')
    ? process.execArgv
    : [...process.execArgv, '--conditions=source'];
  const api = resolveEsm('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return { source: bootstrap, eval: true, execArgv };
}

/** The ESM entry of a package export (`require.resolve` would give the CommonJS one). */
function resolveEsm(specifier: string): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve(specifier);
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve(specifier).replace(/\.cjs$/, '.mjs')).href;
}
