/**
 * `faultline worker`: serves a queue's episode jobs until stopped. Each job is validated, checked
 * against this worker (same faultline version, the very same `--import` modules), run on an
 * episode thread that has loaded the job's modules, and answered with its sealed record and
 * trajectory. Jobs of runs with different modules run on different threads, so their registries
 * never mix. A worker killed mid-episode loses nothing: its jobs' locks expire and another worker
 * runs them again (BullMQ's stalled-job check).
 */
import { hostname } from 'node:os';
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidArgumentError } from '../core/errors.js';
import { episodeId } from '../run/episode-id.js';
import { BlockedEpisodeError, EpisodeThread } from '../run/episode-thread.js';
import { importUrls } from '../run/runner.js';
import type { RequestLimiter } from '../llm/types.js';
import { packageVersion } from '../cli/version.js';
import { connect, redisOptions, within } from './connection.js';
import { EPISODE_QUEUE, KEY_PREFIX } from './keys.js';
import { packResult, parseEpisodeJob, type EpisodeJob, type EpisodeJobResult } from './job.js';
import { localSetup, matchImports, moduleRef, type ModuleRef } from './portable-modules.js';
import { parseQueueUrl } from './redis-url.js';
import { WorkerPresence } from './presence.js';
import { AttemptsInFlight } from './retaken-jobs.js';
import { createRedisLimiter, type RedisLimiter } from './redis-limiter.js';
import { WorkerCassettes, namesCassette, setupCassette, unpackText, withCassetteDir } from './job-cassette.js';
import { WorkerAccepts, type WorkerChoices } from './worker-accepts.js';

/** Options of {@link startQueueWorker}; what it accepts to run is {@link WorkerChoices}. */
export interface QueueWorkerOptions extends WorkerChoices {
  /** The queue's Redis URL. */
  readonly url: string;
  /** Episodes in flight at once (all on this worker's episode threads). @defaultValue 1 */
  readonly concurrency?: number;
  /** Module paths this worker may load for a job that names them (by content). @defaultValue [] */
  readonly imports?: readonly string[];
  /** Seconds without a sign of life before another worker takes a job over. @defaultValue 30 */
  readonly stalledAfterSeconds?: number;
  /** The worker's id in `faultline queue status`. @defaultValue `HOST-PID` */
  readonly name?: string;
  /** Called with each job's outcome (for the command's log lines). */
  readonly onJob?: (event: QueueWorkerEvent) => void;
  /**
   * Resolve {@link QueueWorker.idle} once the queue has had no job for this worker for this many
   * seconds (batch machines that should stop when the work is done). @defaultValue never
   */
  readonly exitWhenIdleSeconds?: number;
}

/** One job a worker finished or gave up. */
export interface QueueWorkerEvent {
  readonly episode: string;
  readonly ok: boolean;
  /** The episode's outcome when it ran; the reason when it could not. */
  readonly detail: string;
  readonly seconds: number;
}

/** A running queue worker. */
export interface QueueWorker {
  readonly id: string;
  /** Stops taking jobs; waits for those running to finish (`force`: stops them, they are retried elsewhere). */
  close(force?: boolean): Promise<void>;
  /** Resolves once the worker has been idle for `exitWhenIdleSeconds` (never without it). */
  readonly idle: Promise<void>;
}

/** The largest `--concurrency` of a worker. */
const MAX_CONCURRENCY = 1024;

/** Threads kept for distinct module sets; an idle one is closed to make room for another. */
const MAX_THREADS = 4;

/** Starts a worker on the queue at `options.url`; resolves once it is connected and serving. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const url = parseQueueUrl(options.url);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new InvalidArgumentError(
      '--concurrency',
      concurrency,
      `a whole number in 1..${MAX_CONCURRENCY}`,
      'pass e.g. --concurrency 8 (episodes at once; raise it for teams that await model calls)',
    );
  const stalledMs = Math.round((options.stalledAfterSeconds ?? 30) * 1000);
  if (!Number.isFinite(stalledMs) || stalledMs < 1000 || stalledMs > 3_600_000)
    throw new InvalidArgumentError(
      '--stalled-after',
      options.stalledAfterSeconds,
      'seconds in 1..3600',
      'pass e.g. --stalled-after 30',
    );
  // The worker's own modules, by content: a job names the modules it needs by SHA-256.
  const available = new Map<string, { url: string; ref: ModuleRef }>();
  for (const moduleUrl of importUrls(options.imports ?? [])) {
    const ref = moduleRef(moduleUrl);
    available.set(ref.sha256, { url: moduleUrl, ref });
  }
  // What it runs and where its keys go are the worker's choice, whatever a job says.
  const accepts = new WorkerAccepts(options);
  const id = options.name ?? `${hostname()}-${process.pid}`;
  const version = packageVersion();
  const redis: Redis = connect(url, `faultline-worker:${id}`);
  const presence = new WorkerPresence(redis, {
    id,
    host: hostname(),
    pid: process.pid,
    concurrency,
    version,
    imports: [...available.values()].map((a) => a.ref.name),
    // What it accepts, so that `queue status --json` shows why a job was refused here.
    ...accepts.info(),
    startedAt: new Date().toISOString(),
  });
  const threads = new Map<string, Promise<EpisodeThread>>();
  const limiters = new Map<string, RedisLimiter>();

  const limiterFor = (job: EpisodeJob): RequestLimiter | undefined => {
    if (job.limits === null) return undefined;
    const key = JSON.stringify(job.limits);
    const limiter = limiters.get(key) ?? createRedisLimiter(redis, job.limits);
    limiters.set(key, limiter);
    return limiter;
  };

  // Each job's cassette is played in this worker's own directory, whatever directory the job names.
  const cassettes = new WorkerCassettes();

  const threadFor = async (job: EpisodeJob, imports: readonly string[]): Promise<EpisodeThread> => {
    const signature = JSON.stringify([job.setup, imports, job.limits]);
    const existing = threads.get(signature);
    if (existing) {
      const thread = await existing.catch(() => null);
      if (thread?.alive) return thread;
      threads.delete(signature);
    }
    if (threads.size >= MAX_THREADS) {
      for (const [other, started] of threads) {
        const thread = await started.catch(() => null);
        if (thread === null || thread.running === 0) {
          threads.delete(other);
          await thread?.close();
          break;
        }
      }
    }
    const limiter = limiterFor(job);
    const started = EpisodeThread.start({
      setup: localSetup(namesCassette(job.setup) ? withCassetteDir(job.setup, cassettes.dir) : job.setup),
      imports,
      concurrency,
      ...(limiter ? { limiter } : {}),
    });
    threads.set(signature, started);
    return started;
  };

  const attempts = new AttemptsInFlight(stalledMs);
  const runJob = async (bullJob: Job, token?: string): Promise<EpisodeJobResult> => {
    const ended = attempts.begin(bullJob, token);
    try {
      return await runAttempt(bullJob);
    } finally {
      ended();
    }
  };

  const runAttempt = async (bullJob: Job): Promise<EpisodeJobResult> => {
    const parsed = parseEpisodeJob(bullJob.data);
    // Malformed data fails the same on every worker: no retry.
    if ('error' in parsed) throw new UnrecoverableError(parsed.error);
    const { job } = parsed;
    if (job.version !== version)
      throw new Error(
        `worker ${id} runs faultline ${version}, the run was planned with faultline ${job.version}: results would differ. Start workers with faultline ${job.version}`,
      );
    const matched = matchImports(job.imports, available);
    if ('error' in matched) throw new Error(`worker ${id}: ${matched.error}`);
    // Before anything of the job runs: another worker, given what it names, may take it.
    const refused = accepts.refusal(job.setup);
    if (refused !== null) throw new Error(`worker ${id}: ${refused}`);
    const started = performance.now();
    const episode = episodeId(job.key);
    const cassette = setupCassette(job.setup);
    presence.jobStarted(String(bullJob.id));
    try {
      const play = () =>
        threadFor(job, matched.urls)
          .then((thread) => thread.run(job.key, job.settings))
          .catch(async (error: unknown) => {
            // An agent that blocked its thread is recorded as a timeout, as a local run records it,
            // by a fresh thread (the blocked one was stopped).
            if (!(error instanceof BlockedEpisodeError)) throw error;
            return (await threadFor(job, matched.urls)).abandon(job.key, job.settings, error.error);
          });
      const { value: done, cassette: cassetteGzip } =
        cassette === null
          ? { value: await play(), cassette: undefined }
          : await cassettes.play(episode, cassette.mode, unpackedCassette(job.cassette), play);
      presence.jobFinished(String(bullJob.id), true);
      options.onJob?.({
        episode,
        ok: true,
        detail: done.record.outcome,
        seconds: (performance.now() - started) / 1000,
      });
      return packResult(done, cassetteGzip);
    } catch (error) {
      presence.jobFinished(String(bullJob.id), false);
      options.onJob?.({
        episode,
        ok: false,
        detail: (error as Error).message,
        seconds: (performance.now() - started) / 1000,
      });
      throw error;
    }
  };

  const worker = new Worker(EPISODE_QUEUE, runJob, {
    connection: redisOptions(url, `faultline-worker:${id}`),
    prefix: KEY_PREFIX,
    concurrency,
    name: id,
    autorun: false,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
    // An episode that stalls its worker twice (kills it?) goes to the failed list with the reason.
    maxStalledCount: 1,
  });
  worker.on('error', () => undefined); // connection errors while Redis restarts: the worker reconnects
  const idle = idleSignal(worker, options.exitWhenIdleSeconds);
  await worker.waitUntilReady();
  await presence.start();
  void worker.run();
  return {
    id,
    idle: idle.promise,
    close: async (force = false) => {
      idle.cancel();
      await worker.close(force);
      for (const started of threads.values()) await (await started.catch(() => null))?.close();
      cassettes.close();
      // Redis may be gone: neither may hold the worker's exit for more than two seconds.
      for (const limiter of limiters.values()) await within(2000, limiter.close());
      await within(2000, presence.stop());
      redis.disconnect();
    },
  };
}

/** A job's cassette file, unpacked; one that does not unpack fails the job on every worker alike. */
function unpackedCassette(packed: string | undefined): string | undefined {
  try {
    return packed === undefined ? undefined : unpackText(packed);
  } catch (e) {
    throw new UnrecoverableError(`the job's cassette cannot be unpacked: ${(e as Error).message}`);
  }
}

/**
 * Resolves once the worker has found the queue empty (BullMQ's `drained`) and taken no job for
 * `seconds`; a job taken meanwhile starts the wait over.
 */
function idleSignal(worker: Worker, seconds: number | undefined): { promise: Promise<void>; cancel: () => void } {
  if (seconds === undefined) return { promise: new Promise<void>(() => undefined), cancel: () => undefined };
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400)
    throw new InvalidArgumentError('--exit-when-idle', seconds, 'seconds in 1..86400', 'pass e.g. --exit-when-idle 60');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = 0;
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  const arm = () => {
    clearTimeout(timer);
    if (running === 0) timer = setTimeout(resolve, seconds * 1000);
  };
  worker.on('active', () => {
    running++;
    clearTimeout(timer);
  });
  const finished = () => {
    running = Math.max(0, running - 1);
  };
  worker.on('completed', finished);
  worker.on('failed', finished);
  worker.on('drained', arm);
  // A worker started on an empty queue counts as drained from the start.
  arm();
  return { promise, cancel: () => clearTimeout(timer) };
}
