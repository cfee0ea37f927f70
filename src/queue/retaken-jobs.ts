/**
 * Keeps the lock of a job a worker takes again while its earlier attempt still runs there.
 *
 * When a job's lock disappears (Redis away for longer than `--stalled-after`, or the worker's
 * process frozen that long), the stalled-job check gives the job back to the queue, and the worker
 * that was running it may take it again at once: it has a free slot, and the earlier attempt runs
 * on, unaware. BullMQ tracks the locks it renews by job id, so when the earlier attempt ends it
 * stops renewing the new attempt's lock too; that lock then expires, the job stalls a second time
 * and is failed as "stalled more than allowable limit". A retaken attempt therefore renews its own
 * lock, as often as BullMQ would, until it ends. The earlier attempt's result is refused by Redis
 * (its lock token is no longer the job's), so the episode is still recorded once.
 */
import type { Job } from 'bullmq';
import { AttemptCounts } from './attempt-counts.js';

/** The attempts of each job running on one worker. */
export class AttemptsInFlight {
  private readonly running = new AttemptCounts();

  /** @param lockMs - the worker's lock duration (`--stalled-after`), in milliseconds. */
  constructor(private readonly lockMs: number) {}

  /**
   * Notes that an attempt of `job` (holding `token`) starts here; when another attempt of the same
   * job is still running here, renews this one's lock until the returned function is called, which
   * the caller does once the attempt has ended.
   */
  begin(job: Job, token: string | undefined): () => void {
    const id = String(job.id);
    const earlier = this.running.start(id);
    const renewal =
      earlier > 0 && token !== undefined
        ? setInterval(
            () => void job.extendLock(token, this.lockMs).catch(() => undefined),
            // BullMQ renews at half the lock's duration; a quarter leaves room for a slow tick.
            Math.max(100, Math.floor(this.lockMs / 4)),
          )
        : undefined;
    return () => {
      clearInterval(renewal);
      this.running.end(id);
    };
  }
}
