/**
 * Connections to the queue's Redis. Every faultline process on a queue (coordinator, worker,
 * `queue status`) connects the same way: commands wait for a reconnect instead of failing
 * (`maxRetriesPerRequest: null`, which BullMQ's workers require), reconnects are retried every
 * second at most, and the caller bounds how long it waits (see `withDeadline`).
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UnavailableError } from '../core/errors.js';
import { parseQueueUrl, redactedUrl, type QueueUrl } from './redis-url.js';

/** The ioredis options of a queue URL (also what BullMQ is given to open its own connections). */
export function redisOptions(url: QueueUrl, name: string): RedisOptions {
  return {
    host: url.host,
    port: url.port,
    db: url.db,
    ...(url.username !== undefined ? { username: url.username } : {}),
    ...(url.password !== undefined ? { password: url.password } : {}),
    ...(url.tls ? { tls: {} } : {}),
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Reconnect quickly after a Redis restart; the callers decide when waiting has lasted too long.
    retryStrategy: (times: number) => Math.min(1000, 50 * times),
  };
}

/** Opens a connection to the queue at `url` (a string is parsed and checked first). */
export function connect(url: QueueUrl | string, name: string): Redis {
  const parsed = typeof url === 'string' ? parseQueueUrl(url) : url;
  const redis = new Redis(redisOptions(parsed, name));
  // Errors while reconnecting are expected (Redis restarting); callers learn of an outage from
  // their own deadlines, so the client's error events are not crashes.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Resolves with `work`, or rejects with a clear error once `ms` pass without an answer from
 * Redis (down, unreachable, or the wrong host). `what` says what was being done.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, url: QueueUrl, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new QueueUnreachableError(
            `No answer from the queue at ${redactedUrl(url.url)} for ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} while ${what}: is redis-server running there (\`redis-cli -u ${redactedUrl(url.url)} ping\`)?`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The queue's Redis did not answer in time. */
export class QueueUnreachableError extends UnavailableError {
  override name = 'QueueUnreachableError';
}

/**
 * Waits for `work` at most `ms`, ignoring its failure: for closing connections to a Redis that may
 * be gone. The timer is cleared, so nothing keeps the process alive once `work` is done.
 */
export async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
