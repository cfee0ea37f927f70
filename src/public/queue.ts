/**
 * `faultline/queue`: runs spread over many machines through a BullMQ queue on Redis. A run goes to
 * a queue with `evaluate({ ..., queue: { url } })` (or `faultline run --queue URL`); this entry
 * holds the other side and the tools around it: a worker that serves a queue's episode jobs from
 * your own process (`startQueueWorker`, what `faultline worker` runs), the queue's status
 * (`readQueueStatus`, `formatQueueStatus`), withdrawing a run (`cancelRun`), and the request
 * limiter every worker shares through Redis (`createRedisLimiter`).
 *
 * Importing this entry registers nothing: a worker's episode threads load the modules each job names.
 *
 * @example
 * ```ts
 * import { startQueueWorker } from 'faultline/queue';
 * const worker = await startQueueWorker({ url: 'redis://127.0.0.1:6379/0', concurrency: 4, imports: ['./my-team.ts'] });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export {
  startQueueWorker,
  type QueueWorker,
  type QueueWorkerEvent,
  type QueueWorkerOptions,
} from '../queue/queue-worker.js';
export {
  readQueueStatus,
  formatQueueStatus,
  type QueueStatus,
  type RunStatus,
  type WorkerStatus,
  type JobCounts,
} from '../queue/status.js';
export { cancelRun, type CancelOutcome } from '../queue/cancel.js';
export { createRedisLimiter, type RedisLimiter, type RedisLimiterOptions } from '../queue/redis-limiter.js';
export { connect as connectQueue } from '../queue/connection.js';
export { parseQueueUrl, redactedUrl, type QueueUrl } from '../queue/redis-url.js';
export type { QueueSettings } from '../run/runner.js';
export type { QueueFailure } from '../queue/coordinator.js';
