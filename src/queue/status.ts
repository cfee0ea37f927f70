/**
 * What is going on on a queue, read in one pass: BullMQ's job counts, every coordinated run with
 * its jobs on the queue, and every live worker with its throughput (`faultline queue status`).
 * Reading also tidies: a worker or run whose hash has expired is removed from its set and shown
 * nowhere.
 */
import { Queue, type JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { EPISODE_QUEUE, KEY_PREFIX, RUNS_SET, WORKERS_SET, parseEpisodeJobId, runKey, workerKey } from './keys.js';
import type { WorkerInfo } from './presence.js';
import type { RunState } from './run-registry.js';
import { redisNow } from './stamped-hash.js';

export { formatQueueStatus } from './status-format.js';

/** Jobs on the queue by state. */
export interface JobCounts {
  /** Waiting for a worker (BullMQ's `wait` and `prioritized`). */
  readonly waiting: number;
  /** Being run by a worker. */
  readonly active: number;
  /** Waiting out a retry's backoff. */
  readonly delayed: number;
  /** Finished, not yet harvested (and removed) by their run's coordinator. */
  readonly completed: number;
  /** Failed for good (out of attempts). */
  readonly failed: number;
}

/** A run on the queue: as its coordinator published it, and its jobs there. */
export interface RunStatus {
  readonly runId: string;
  /** False for a run whose jobs are on the queue but whose coordinator published nothing (or it expired). */
  readonly published: boolean;
  readonly out: string | null;
  /** Episodes planned; null when unknown. */
  readonly planned: number | null;
  readonly coordinator: string | null;
  readonly startedAt: string | null;
  /** Episodes recorded by the coordinator so far. */
  readonly recorded: number;
  /** Of those, episodes whose job failed. */
  readonly failed: number;
  readonly status: RunState | 'unknown';
  /** How long ago the coordinator last wrote, by Redis's clock; null when never. */
  readonly seenAgoMs: number | null;
  readonly jobs: JobCounts;
}

/** A live worker and how fast it goes. */
export interface WorkerStatus {
  readonly id: string;
  /** What the worker published about itself; null when unreadable. */
  readonly info: WorkerInfo | null;
  /** Jobs finished successfully. */
  readonly done: number;
  /** Jobs that failed. */
  readonly failed: number;
  /** The job ids it is running. */
  readonly running: readonly string[];
  /** Jobs it finished (either way) in the last minute. */
  readonly recentPerMinute: number;
  /** Jobs it finished (either way) per minute since it started. */
  readonly averagePerMinute: number;
  /** How long it has run, by its own monotonic clock. */
  readonly uptimeMs: number;
  /** How long ago it last refreshed its presence, by Redis's clock. */
  readonly seenAgoMs: number;
}

/** Everything `faultline queue status` shows. */
export interface QueueStatus {
  /** Redis's clock when read, ms since the epoch. */
  readonly at: number;
  readonly jobs: JobCounts;
  /** Published runs and runs with jobs on the queue, by run id. */
  readonly runs: readonly RunStatus[];
  /** Live workers, by id. */
  readonly workers: readonly WorkerStatus[];
}

/** The BullMQ states read, and the {@link JobCounts} field each counts toward. */
const STATES: readonly (readonly [JobType, keyof JobCounts])[] = [
  ['wait', 'waiting'],
  ['prioritized', 'waiting'],
  ['active', 'active'],
  ['delayed', 'delayed'],
  ['completed', 'completed'],
  ['failed', 'failed'],
];

type MutableCounts = { -readonly [K in keyof JobCounts]: number };

function zeroCounts(): MutableCounts {
  return { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
}

/** Reads the status of the queue on `redis` (and prunes expired workers and runs from their sets). */
export async function readQueueStatus(redis: Redis): Promise<QueueStatus> {
  const queue = new Queue(EPISODE_QUEUE, { connection: redis, prefix: KEY_PREFIX });
  // The reads below reject on a connection error; an 'error' event without a listener would
  // instead crash the process.
  queue.on('error', () => undefined);
  try {
    const [counts, ranges, runHashes, workerHashes] = await Promise.all([
      queue.getJobCounts(...STATES.map(([state]) => state)),
      Promise.all(STATES.map(([state]) => queue.getRanges([state], 0, -1))),
      liveHashes(redis, RUNS_SET, runKey),
      liveHashes(redis, WORKERS_SET, workerKey),
    ]);
    const at = await redisNow(redis);

    const jobs = zeroCounts();
    for (const [state, field] of STATES) jobs[field] += counts[state] ?? 0;

    const perRun = new Map<string, MutableCounts>();
    STATES.forEach(([, field], i) => {
      for (const jobId of ranges[i] ?? []) {
        const parsed = parseEpisodeJobId(jobId);
        if (!parsed) continue;
        const c = perRun.get(parsed.runId) ?? zeroCounts();
        c[field]++;
        perRun.set(parsed.runId, c);
      }
    });

    const runIds = [...new Set([...runHashes.keys(), ...perRun.keys()])].sort();
    const runs = runIds.map((id) => runStatus(id, runHashes.get(id) ?? null, perRun.get(id) ?? zeroCounts(), at));
    const workers = [...workerHashes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, hash]) => workerStatus(id, hash, at));
    return { at, jobs, runs, workers };
  } finally {
    await queue.close();
  }
}

/** How many workers serve the queue on `redis` now (their presence has not expired). */
export async function liveWorkerCount(redis: Redis): Promise<number> {
  return (await liveHashes(redis, WORKERS_SET, workerKey)).size;
}

/**
 * The hashes of the members of the set at `setKey` that still exist, by member; members whose
 * hash is gone (expired, or deleted without their SREM) are removed from the set.
 */
async function liveHashes(
  redis: Redis,
  setKey: string,
  keyOf: (member: string) => string,
): Promise<Map<string, Record<string, string>>> {
  const members = await redis.smembers(setKey);
  if (members.length === 0) return new Map();
  const pipeline = redis.pipeline();
  for (const m of members) pipeline.hgetall(keyOf(m));
  const replies = (await pipeline.exec()) ?? [];
  const live = new Map<string, Record<string, string>>();
  const stale: string[] = [];
  members.forEach((m, i) => {
    const [error, hash] = replies[i] ?? [null, null];
    if (error) throw error;
    const fields = hash as Record<string, string> | null;
    if (fields && Object.keys(fields).length > 0) live.set(m, fields);
    else stale.push(m);
  });
  if (stale.length > 0) await redis.srem(setKey, ...stale);
  return live;
}

function runStatus(runId: string, hash: Record<string, string> | null, jobs: JobCounts, at: number): RunStatus {
  const status = hash?.status;
  return {
    runId,
    published: hash !== null && hash.planned !== undefined,
    out: hash?.out ?? null,
    planned: count(hash?.planned),
    coordinator: hash?.coordinator ?? null,
    startedAt: hash?.startedAt ?? null,
    recorded: count(hash?.recorded) ?? 0,
    failed: count(hash?.failed) ?? 0,
    status: status === 'running' || status === 'complete' || status === 'interrupted' ? status : 'unknown',
    seenAgoMs: ago(hash?.seenAt, at),
    jobs,
  };
}

function workerStatus(id: string, hash: Record<string, string>, at: number): WorkerStatus {
  const done = count(hash.done) ?? 0;
  const failed = count(hash.failed) ?? 0;
  const uptimeMs = count(hash.uptimeMs) ?? 0;
  return {
    id,
    info: parseJson<WorkerInfo>(hash.info, (v) => typeof v === 'object' && v !== null && 'host' in v),
    done,
    failed,
    running: parseJson<string[]>(hash.running, (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')) ?? [],
    recentPerMinute: count(hash.recentPerMinute) ?? 0,
    averagePerMinute: uptimeMs > 0 ? ((done + failed) * 60_000) / uptimeMs : 0,
    uptimeMs,
    seenAgoMs: ago(hash.seenAt, at) ?? 0,
  };
}

/** A whole number >= 0 from a hash field, or null when absent or not one. */
function count(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

function ago(seenAt: string | undefined, at: number): number | null {
  const seen = count(seenAt);
  return seen === null ? null : Math.max(0, at - seen);
}

/** Parses a JSON field written by another faultline (possibly another version); null when it is not what `check` expects. */
function parseJson<T>(value: string | undefined, check: (v: unknown) => boolean): T | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return check(parsed) ? (parsed as T) : null;
  } catch {
    return null;
  }
}
