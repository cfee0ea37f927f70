/**
 * Withdrawing a run from a queue: its jobs not started, the results nobody collected and its
 * failed jobs are removed, and so is the run's entry in `faultline queue status`. Jobs running
 * right now cannot be taken from their workers; they finish, and a second cancel removes what
 * they left. For a run whose coordinator is gone for good — never for one being resumed.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidArgumentError } from '../core/errors.js';
import { EPISODE_QUEUE, KEY_PREFIX, RUNS_SET, parseEpisodeJobId, runKey } from './keys.js';

/** What a cancel did. */
export interface CancelOutcome {
  /** Jobs removed (waiting, delayed, finished or failed). */
  readonly removed: number;
  /** Jobs of the run still running on a worker (they finish; cancel again to remove them). */
  readonly active: number;
}

/** Checks a run id as `faultline queue status` and run.json show it. */
export function assertRunId(runId: string, field = 'RUN'): void {
  if (!/^[0-9a-f]{8,64}$/.test(runId))
    throw new InvalidArgumentError(
      field,
      runId,
      'a run id: hex digits, as `faultline queue status` lists them (and run.json records under "queue")',
      'pass e.g. 81bfe1ef71c7cfeb',
    );
}

/** Removes run `runId`'s jobs from the queue (see the module comment). */
export async function cancelRun(redis: Redis, runId: string): Promise<CancelOutcome> {
  assertRunId(runId);
  const queue = new Queue(EPISODE_QUEUE, { connection: redis, prefix: KEY_PREFIX });
  try {
    const ours = (ids: readonly string[]) => ids.filter((id) => parseEpisodeJobId(id)?.runId === runId);
    let removed = 0;
    for (const id of ours(await queue.getRanges(['waiting', 'delayed', 'prioritized', 'completed', 'failed'], 0, -1)))
      removed += await queue.remove(id);
    const active = ours(await queue.getRanges(['active'], 0, -1)).length;
    if (active === 0) await redis.multi().del(runKey(runId)).srem(RUNS_SET, runId).exec();
    return { removed, active };
  } finally {
    await queue.close();
  }
}
