/**
 * Where a run on a queue keeps its state in Redis: BullMQ's queue of episode jobs, and faultline's
 * own keys beside it (who is working, which runs are being coordinated, the shared request
 * limits). One place names them all, so `faultline queue status` reads what the others write.
 */

/** The key prefix of everything faultline keeps in Redis (BullMQ's keys included). */
export const KEY_PREFIX = 'faultline';

/** The BullMQ queue every run's episode jobs go to (one queue: every worker serves every run). */
export const EPISODE_QUEUE = 'episodes';

/** A worker's presence: a hash refreshed every few seconds, gone when the worker is. */
export function workerKey(workerId: string): string {
  return `${KEY_PREFIX}:worker:${workerId}`;
}

/** The set of worker ids seen (members whose presence key expired are stale and pruned). */
export const WORKERS_SET = `${KEY_PREFIX}:workers`;

/** A coordinated run: a hash of what it planned, recorded and where its coordinator writes. */
export function runKey(runId: string): string {
  return `${KEY_PREFIX}:run:${runId}`;
}

/** The set of run ids being (or last) coordinated. */
export const RUNS_SET = `${KEY_PREFIX}:runs`;

/** The shared state of one provider's request limits (requests spacing, tokens, in flight). */
export function limiterKey(provider: string, part: 'rate' | 'tokens' | 'leases'): string {
  return `${KEY_PREFIX}:limit:${encodeURIComponent(provider)}:${part}`;
}

/**
 * The BullMQ job id of an episode of a run: idempotent, so enqueuing an episode twice runs it
 * once. Episode ids hold no `:` (BullMQ reserves it); run ids are hex.
 */
export function episodeJobId(runId: string, episodeId: string): string {
  return `${runId}.${episodeId}`;
}

/** The run id and episode id of a job id made by {@link episodeJobId} (null for another's job). */
export function parseEpisodeJobId(jobId: string): { runId: string; episodeId: string } | null {
  const dot = jobId.indexOf('.');
  if (dot <= 0) return null;
  return { runId: jobId.slice(0, dot), episodeId: jobId.slice(dot + 1) };
}
