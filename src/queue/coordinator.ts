/**
 * The coordinating side of a run on a queue: enqueues the run's episodes as jobs (ids from the
 * run and episode, so enqueuing again adds nothing), then harvests finished jobs — verifying each
 * result, handing it to the runner to record, and only then removing the job — until every
 * episode is recorded or has failed. Results wait in Redis while the coordinator is away, so it
 * may stop and resume at any time. Jobs that vanish (a Redis restarted without persistence) are
 * enqueued again; a Redis that stays unreachable is a clear error and the run stays resumable.
 */
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { episodeId, type PlannedKey } from '../run/episode-id.js';
import type { EpisodeSettings } from '../run/execute.js';
import type { EpisodeRecord } from '../run/records.js';
import type { SetupEntry } from '../run/setup.js';
import type { LimiterSettings } from '../llm/types.js';
import { packageVersion } from '../cli/version.js';
import { connect, redisOptions, within, withDeadline } from './connection.js';
import { EPISODE_QUEUE, KEY_PREFIX, episodeJobId, parseEpisodeJobId } from './keys.js';
import { JOB_FORMAT, type EpisodeJob } from './job.js';
import { harvestCompleted, harvestFailed, type QueueFailure } from './harvest.js';
import { moduleRef, portableSetup } from './portable-modules.js';
import { WORKER_CASSETTE_DIR, cassetteForJob, setupCassette, storeCassette, withCassetteDir } from './job-cassette.js';
import { jobCommands } from './job-commands.js';
import { jobBaseUrls } from './job-endpoints.js';
import { jobKeyVariables } from './job-key-variables.js';
import { DEFAULT_API_KEY_ENV } from '../llm/team-config.js';
import { OPENAI_BASE_URL, endpointKey } from '../llm/gateway/client.js';
import { displayUrl } from '../llm/gateway/redact.js';
import { redactedUrl, type QueueUrl } from './redis-url.js';
import { liveWorkerCount } from './status.js';
import { publishRun, updateRun } from './run-registry.js';

/** Something the person running the coordinator should know (printed on stderr by the CLI). */
export interface QueueNotice {
  /** `enqueued`: the run's jobs are on the queue; `no-workers`: no worker serves the queue. */
  readonly kind: 'enqueued' | 'no-workers';
  readonly message: string;
}

/** What the runner asks the coordinator to do now. */
export type QueueStop = 'none' | 'detach' | 'cancel';

/** Options of {@link runOnQueue}. */
export interface QueueRunOptions {
  readonly url: QueueUrl;
  /** The run's id on the queue (kept in run.json, so a resume harvests the same jobs). */
  readonly runId: string;
  /** The episodes to record, in key order. */
  readonly keys: readonly PlannedKey[];
  readonly settings: EpisodeSettings;
  readonly setup: readonly SetupEntry[];
  /** `--import` module URLs (files: workers match them by content). */
  readonly imports: readonly string[];
  readonly limits: LimiterSettings | null;
  /** The run directory (shown by `faultline queue status`), or null. */
  readonly out: string | null;
  /** Called with each verified result, in the order jobs finish. */
  readonly onResult: (record: EpisodeRecord, trajectory: string, seconds: number | null) => void;
  /**
   * Checked between polls: `detach` stops following the run at once (its jobs stay queued and keep
   * running; a resume collects them), `cancel` withdraws the jobs not started and waits for the rest.
   */
  readonly stop: () => QueueStop;
  /** How long Redis may go without answering before the run stops with an error. @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** Attempts per job before it goes to the failed list (a worker without the run's modules fails one). @defaultValue 3 */
  readonly attempts?: number;
  /** Pause between polls when nothing finished. @defaultValue 100 */
  readonly pollMs?: number;
  /** Told when the jobs are enqueued, and when no worker serves the queue (the run waits for one). */
  readonly onNotice?: (notice: QueueNotice) => void;
}

export type { QueueFailure } from './harvest.js';

/** How a coordinated session ended. */
export interface QueueRunOutcome {
  readonly failures: readonly QueueFailure[];
  /** Jobs left on the queue by a detach (they keep running; a resume collects them). */
  readonly leftQueued: number;
  /** Jobs withdrawn by a cancel. */
  readonly cancelled: number;
}

const CHUNK = 500;
/** How often the coordinator checks that some worker serves the queue. */
const WORKER_CHECK_MS = 5000;
/** How often the coordinator checks that its unfinished jobs still exist. */
const EXISTENCE_CHECK_MS = 3000;

/** Runs `options.keys` on the queue's workers; see the module comment. */
export async function runOnQueue(options: QueueRunOptions): Promise<QueueRunOutcome> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const name = `faultline-coordinator:${hostname()}-${process.pid}`;
  const redis: Redis = connect(options.url, name);
  const queue = new Queue(EPISODE_QUEUE, { connection: redisOptions(options.url, name), prefix: KEY_PREFIX });
  queue.on('error', () => undefined); // reconnects are waited out below, within timeoutMs
  const ask = <T>(work: Promise<T>, what: string): Promise<T> => withDeadline(work, timeoutMs, options.url, what);

  const setup = portableSetup(options.setup);
  // The cassette directory stays here; each episode's file travels with its job (job-cassette.ts).
  const cassette = setupCassette(setup);
  // A worker starts only the agent programs it was given: the command that starts one says which.
  // …and calls only the model endpoints it chose (OpenAI's, unless its environment names another),
  // with keys only from the variables it chose (OPENAI_API_KEY unless told).
  const workerFlags = [
    ...jobCommands(setup).map((c) => ` --team-cmd ${JSON.stringify(c)}`),
    ...jobBaseUrls(setup)
      .filter((u) => endpointKey(u) !== endpointKey(OPENAI_BASE_URL))
      .map((u) => ` --base-url ${JSON.stringify(displayUrl(u))}`),
    ...jobKeyVariables(setup)
      .filter((n) => n !== DEFAULT_API_KEY_ENV)
      .map((n) => ` --api-key-env ${JSON.stringify(n)}`),
  ].join('');
  const base = {
    format: JOB_FORMAT,
    runId: options.runId,
    version: packageVersion(),
    settings: options.settings,
    setup: cassette === null ? setup : withCassetteDir(setup, WORKER_CASSETTE_DIR),
    imports: options.imports.map(moduleRef),
    limits: options.limits,
  } as const;
  const byJobId = new Map<string, PlannedKey>();
  for (const key of options.keys) byJobId.set(episodeJobId(options.runId, episodeId(key)), key);
  const outstanding = new Set(byJobId.keys());
  const failures: QueueFailure[] = [];
  let recorded = 0;
  let cancelled = 0;

  const jobOf = (jobId: string) => {
    const key = byJobId.get(jobId) as PlannedKey;
    const packed = cassette === null ? undefined : cassetteForJob(cassette, episodeId(key));
    const data: EpisodeJob = packed === undefined ? { ...base, key } : { ...base, key, cassette: packed };
    return {
      name: 'episode',
      data,
      opts: {
        jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    };
  };
  const enqueue = async (jobIds: readonly string[]) => {
    for (let i = 0; i < jobIds.length; i += CHUNK)
      await ask(queue.addBulk(jobIds.slice(i, i + CHUNK).map(jobOf)), 'enqueuing episodes');
  };
  const mine = (ids: readonly string[]) => ids.filter((id) => parseEpisodeJobId(id)?.runId === options.runId);

  try {
    await ask(
      publishRun(redis, {
        runId: options.runId,
        out: options.out,
        planned: options.keys.length,
        coordinator: `${hostname()}:${process.pid}`,
        startedAt: new Date().toISOString(),
      }),
      'registering the run',
    );
    // A new session retries what failed before, and drops jobs of episodes recorded already
    // (a coordinator that died between recording a result and removing its job).
    for (const id of mine(await ask(queue.getRanges(['failed', 'completed'], 0, -1), 'reading finished jobs')))
      if (!outstanding.has(id) || (await ask(queue.getJobState(id), 'reading a job')) === 'failed')
        await ask(queue.remove(id), 'removing a stale job');
    await enqueue([...outstanding]);
    const where = redactedUrl(options.url.url);
    options.onNotice?.({
      kind: 'enqueued',
      message: `${outstanding.size} episodes on the queue at ${where} as run ${options.runId} (\`faultline queue status ${where}\` shows its workers).`,
    });
    let lastWorkerCheck = performance.now();
    let warnedNoWorkers = false;

    let lastExistenceCheck = performance.now();
    let lastPublished = 0;
    let cancelledOnce = false;
    while (outstanding.size > 0) {
      const stop = options.stop();
      if (stop === 'detach') break;
      if (stop === 'cancel' && !cancelledOnce) {
        cancelledOnce = true;
        const notStarted = mine(await ask(queue.getRanges(['waiting', 'delayed', 'prioritized'], 0, -1), 'cancelling'));
        for (const id of notStarted) {
          if (!outstanding.has(id)) continue;
          if ((await ask(queue.remove(id), 'cancelling a job')) === 1) {
            outstanding.delete(id);
            cancelled++;
          }
        }
        continue;
      }
      const context = { queue, ask, keys: byJobId, outstanding };
      const completed = await harvestCompleted(
        context,
        mine(await ask(queue.getRanges(['completed'], 0, -1), 'reading finished jobs')),
        (result, seconds) => {
          // Stored before the episode is recorded: a recorded episode always has its answers here.
          if (cassette !== null && result.cassette !== undefined)
            storeCassette(cassette, result.record.id, result.cassette);
          options.onResult(result.record, result.trajectory, seconds);
        },
      );
      const failed = await harvestFailed(
        context,
        mine(await ask(queue.getRanges(['failed'], 0, -1), 'reading failed jobs')),
      );
      recorded += completed.recorded;
      failures.push(...completed.failures, ...failed);
      const progressed = completed.recorded + completed.failures.length + failed.length > 0;
      const now = performance.now();
      if (now - lastExistenceCheck > EXISTENCE_CHECK_MS && outstanding.size > 0) {
        lastExistenceCheck = now;
        const lost = await ask(missingJobs(redis, queue, [...outstanding]), 'checking the queued jobs');
        // Redis lost them (restarted without its append-only file): they run again, same results.
        if (lost.length > 0) await enqueue(lost);
      }
      if (now - lastWorkerCheck > WORKER_CHECK_MS && outstanding.size > 0) {
        lastWorkerCheck = now;
        const live = await ask(liveWorkerCount(redis), 'looking for workers');
        // Said once per absence: a run with no worker waits quietly forever otherwise.
        if (live === 0 && !warnedNoWorkers)
          options.onNotice?.({
            kind: 'no-workers',
            message: `No worker serves the queue at ${where}: the run's ${outstanding.size} episodes wait for one. Start workers with \`faultline worker --queue ${where}${options.imports.length > 0 ? ' --import <the same modules>' : ''}${workerFlags}\`.`,
          });
        warnedNoWorkers = live === 0;
      }
      if (now - lastPublished > 1000) {
        lastPublished = now;
        await ask(
          updateRun(redis, options.runId, { recorded, failed: failures.length, status: 'running' }),
          'reporting progress',
        );
      }
      if (!progressed && outstanding.size > 0) await sleep(pollMs);
    }
    const complete = outstanding.size === 0 && failures.length === 0;
    await ask(
      updateRun(redis, options.runId, {
        recorded,
        failed: failures.length,
        status: complete ? 'complete' : 'interrupted',
      }),
      'reporting progress',
    ).catch(() => undefined);
    return { failures, leftQueued: options.stop() === 'detach' ? outstanding.size : 0, cancelled };
  } finally {
    // Closing waits for Redis: when it is away, give up after a second and drop the connections.
    await within(1000, queue.close());
    await queue.disconnect().catch(() => undefined);
    redis.disconnect();
  }
}

/** The ids among `jobIds` whose job no longer exists in Redis. */
async function missingJobs(redis: Redis, queue: Queue, jobIds: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < jobIds.length; i += 1000) {
    const chunk = jobIds.slice(i, i + 1000);
    const pipeline = redis.pipeline();
    for (const id of chunk) pipeline.exists(queue.toKey(id));
    const answers = (await pipeline.exec()) ?? [];
    chunk.forEach((id, j) => {
      if (answers[j]?.[1] === 0) missing.push(id);
    });
  }
  return missing;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
