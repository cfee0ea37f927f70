/**
 * Collecting a run's finished jobs: each completed job's result is verified and handed over to be
 * recorded, and the job removed only then (a coordinator that dies in between loses nothing: the
 * job is still there for a resume); each failed job becomes a failure with its reason.
 */
import type { Queue } from 'bullmq';
import { episodeId, type PlannedKey } from '../run/episode-id.js';
import { unpackResult, type UnpackedResult } from './job.js';

/** An episode whose job failed for good: never recorded, shown with its reason. */
export interface QueueFailure {
  readonly episode: string;
  readonly reason: string;
  readonly attempts: number;
}

/** What a harvest works on. */
export interface HarvestContext {
  readonly queue: Queue;
  /** Runs one Redis operation within the run's deadline (`what` says what it was, for the error). */
  readonly ask: <T>(work: Promise<T>, what: string) => Promise<T>;
  /** The run's jobs, by job id. */
  readonly keys: ReadonlyMap<string, PlannedKey>;
  /** The run's unfinished job ids: a harvested one is deleted from it. */
  readonly outstanding: Set<string>;
}

/** Finished jobs read at once (one round trip per batch). */
const BATCH = 64;

/**
 * Collects the completed jobs among `jobIds`, in order: a verified result goes to `onResult`, one
 * that does not verify becomes a failure. Returns how many were recorded and the failures.
 */
export async function harvestCompleted(
  context: HarvestContext,
  jobIds: readonly string[],
  onResult: (result: UnpackedResult, seconds: number | null) => void,
): Promise<{ recorded: number; failures: QueueFailure[] }> {
  const { queue, ask, keys, outstanding } = context;
  const finished = jobIds.filter((id) => outstanding.has(id));
  const failures: QueueFailure[] = [];
  let recorded = 0;
  for (let i = 0; i < finished.length; i += BATCH) {
    const batch = finished.slice(i, i + BATCH);
    const jobs = await ask(Promise.all(batch.map((id) => queue.getJob(id))), 'reading finished jobs');
    const harvested: string[] = [];
    batch.forEach((id, j) => {
      const job = jobs[j];
      if (!job) return;
      const expected = episodeId(keys.get(id) as PlannedKey);
      const result = unpackResult(job.returnvalue, expected);
      if ('problem' in result) {
        failures.push({
          episode: expected,
          reason: `${result.problem} (worker ${job.processedBy ?? '?'})`,
          attempts: job.attemptsMade,
        });
      } else {
        const seconds =
          job.finishedOn !== undefined && job.processedOn !== undefined
            ? (job.finishedOn - job.processedOn) / 1000
            : null;
        onResult(result, seconds);
        recorded++;
      }
      outstanding.delete(id);
      harvested.push(id);
    });
    await ask(Promise.all(harvested.map((id) => queue.remove(id))), 'removing recorded jobs');
  }
  return { recorded, failures };
}

/** The failures of the failed jobs among `jobIds` (kept on the queue for `faultline queue status`). */
export async function harvestFailed(context: HarvestContext, jobIds: readonly string[]): Promise<QueueFailure[]> {
  const { queue, ask, keys, outstanding } = context;
  const failures: QueueFailure[] = [];
  for (const id of jobIds) {
    if (!outstanding.has(id)) continue;
    const job = await ask(queue.getJob(id), 'reading a failed job');
    failures.push({
      episode: episodeId(keys.get(id) as PlannedKey),
      reason: job?.failedReason ?? 'failed (no reason recorded)',
      attempts: job?.attemptsMade ?? 0,
    });
    outstanding.delete(id);
  }
  return failures;
}
