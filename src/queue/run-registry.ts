/**
 * The registry of coordinated runs: each coordinator publishes what its run planned (a hash at
 * `runKey(runId)`, listed in `RUNS_SET`) and updates how far it got, so `faultline queue status`
 * can show every run on the queue beside the jobs it has there. A finished run stays listed for
 * {@link FINISHED_RUN_TTL_MS}, then its hash expires and the status command prunes it.
 */
import type { Redis } from 'ioredis';
import { RUNS_SET, runKey } from './keys.js';
import { writeStampedHash } from './stamped-hash.js';

/** What a coordinated run is, published when its coordinator starts. */
export interface RunInfo {
  readonly runId: string;
  /** The run directory the coordinator writes (null when it writes none). */
  readonly out: string | null;
  /** How many episodes the run enqueues. */
  readonly planned: number;
  /** `host:pid` of the coordinator. */
  readonly coordinator: string;
  /** ISO time the run started, by the coordinator's clock. */
  readonly startedAt: string;
}

/** Where a run is: `running` while its coordinator harvests, then how it ended. */
export type RunState = 'running' | 'complete' | 'interrupted';

/** How far a run got, as its coordinator last reported. */
export interface RunProgress {
  /** Episodes recorded (harvested) so far. */
  readonly recorded: number;
  /** Of those, episodes whose job failed. */
  readonly failed: number;
  readonly status: RunState;
}

/** How long a complete or interrupted run stays listed after its last update (one day). */
export const FINISHED_RUN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Publishes a run: replaces any earlier hash of the same id (a resumed run starts its progress
 * afresh, without an expiry) and lists it in `RUNS_SET`.
 */
export async function publishRun(redis: Redis, info: RunInfo): Promise<void> {
  await writeStampedHash(
    redis,
    runKey(info.runId),
    {
      runId: info.runId,
      ...(info.out !== null ? { out: info.out } : {}),
      planned: String(info.planned),
      coordinator: info.coordinator,
      startedAt: info.startedAt,
      recorded: '0',
      failed: '0',
      status: 'running',
    },
    { replace: true, ttlMs: null, listedIn: { key: RUNS_SET, member: info.runId } },
  );
}

/**
 * Updates a run's progress and `seenAt`. A run that ended expires after
 * {@link FINISHED_RUN_TTL_MS}; a running one never does (its `seenAt` tells a stale coordinator).
 */
export async function updateRun(redis: Redis, runId: string, progress: RunProgress): Promise<void> {
  await writeStampedHash(
    redis,
    runKey(runId),
    { recorded: String(progress.recorded), failed: String(progress.failed), status: progress.status },
    {
      ttlMs: progress.status === 'running' ? null : FINISHED_RUN_TTL_MS,
      listedIn: { key: RUNS_SET, member: runId },
    },
  );
}
