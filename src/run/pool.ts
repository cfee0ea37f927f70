/**
 * Runs planned episodes on worker threads. Each worker loads the built-ins and the run's
 * `--import` modules once, then takes episodes from a shared queue; the main thread alone writes
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
  /** Module URLs every worker imports before running (custom teams, envs). */
  readonly imports: readonly string[];
  /** The run directory, where workers write trajectory files themselves; null when not recording. */
  readonly out: string | null;
  /** Called on the main thread for each finished episode (`trajectory` is null when the worker wrote it). */
  readonly onResult: (record: EpisodeRecord, trajectory: string | null) => void;
  /** Checked before each dispatch: true stops handing out episodes (in-flight ones finish). */
  readonly shouldStop: () => boolean;
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

  return new Promise<void>((resolve, reject) => {
    const settle = () => {
      if (live > 0) return;
      if (failure) reject(failure);
      else resolve();
    };
    const fail = (error: Error) => {
      if (!failure) failure = error;
      pending.length = 0;
      for (const w of workers) void w.terminate();
    };
    const spawn = () => {
      const worker = new Worker(entry.source, { eval: entry.eval });
      workers.add(worker);
      live++;
      let current: number | null = null;
      let ready = false;
      let crash: unknown = null;
      const dispatch = () => {
        const job = failure || options.shouldStop() ? undefined : pending.shift();
        if (job === undefined) {
          current = null;
          void worker.terminate();
          return;
        }
        current = job;
        const message: ToWorker = { type: 'run', job, key: options.keys[job] as Required<EpisodeKey>, settings: options.settings };
        worker.postMessage(message);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          return dispatch();
        }
        if (message.type === 'failed') {
          current = null;
          const key = options.keys[message.job];
          return fail(new FaultlineError(key ? `Episode ${episodeId(key)} could not run: ${message.message}` : `A worker could not start: ${message.message}`));
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
        live--;
        if (!ready && !failure) {
          fail(new FaultlineError(`A worker thread failed to start (exit code ${code}): ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`));
        } else if (current !== null && !failure) {
          const job = current;
          const tries = (crashes.get(job) ?? 0) + 1;
          crashes.set(job, tries);
          const key = options.keys[job] as Required<EpisodeKey>;
          if (tries > CRASH_RETRIES) {
            const why = crash instanceof Error ? `: ${crash.message}` : '';
            fail(new FaultlineError(`A worker died (exit code ${code}${why}) twice while running episode ${episodeId(key)}; stopping. Every episode finished so far is recorded: fix the agent and resume with --resume.`));
          } else {
            pending.unshift(job);
            spawn();
          }
        }
        settle();
      });
      const init: ToWorker = { type: 'init', imports: options.imports, out: options.out };
      worker.postMessage(init);
    };
    const count = Math.max(1, Math.min(options.workers, pending.length));
    if (pending.length === 0) return resolve();
    for (let i = 0; i < count; i++) spawn();
  });
}

/**
 * How to start a worker. From compiled output it is `worker.js`; from TypeScript sources (a
 * checkout, tests) a tiny bootstrap registers tsx on the thread first — resolved from this package,
 * so it works from any working directory — then imports `worker.ts`.
 */
function workerEntry(): { source: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { source: new URL('./worker.js', import.meta.url), eval: false };
  const api = resolveEsm('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return { source: bootstrap, eval: true };
}

/** The ESM entry of a package export (`require.resolve` would give the CommonJS one). */
function resolveEsm(specifier: string): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve(specifier);
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve(specifier).replace(/\.cjs$/, '.mjs')).href;
}
