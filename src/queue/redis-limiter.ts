/**
 * The request limiter of a run on a queue: the same limits as the in-process limiter
 * (`src/llm/limiter.ts`), kept in Redis, so every worker of every machine that holds one API key
 * draws from one budget. Each decision is one Lua script (`limiter-scripts.ts`) reading Redis's
 * clock, so any number of processes share it without trusting their own clocks.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { abortReason } from '../llm/gateway/sleep.js';
import type { LimiterSettings, RequestLimiter, RequestPermit } from '../llm/types.js';
import { limiterKey } from './keys.js';
import { ACQUIRE, RELEASE, runScript } from './limiter-scripts.js';

const MINUTE_MS = 60_000;

/** Options of {@link createRedisLimiter}. */
export interface RedisLimiterOptions {
  /**
   * How long a permit holds its in-flight slot unless released: a worker killed with `kill -9`
   * frees its slots after this long. Longer than any request should take (a request still running
   * past it no longer counts against `maxInFlight`). @defaultValue 600000 (10 minutes)
   */
  readonly leaseMs?: number;
  /**
   * The longest a refused request waits before asking Redis again: what no announcement tells of
   * (a lease expiring, an announcement missed during a reconnect) is seen within this time.
   * Releases are announced, and wake the waiters of every process at once. @defaultValue 250
   */
  readonly pollMs?: number;
}

/** A {@link RequestLimiter} shared through Redis, and how to close the connection it opened. */
export interface RedisLimiter extends RequestLimiter {
  /**
   * Closes the connection on which this limiter hears of releases (opened by the first acquire
   * under `maxInFlight` or `tpm`). Call it when the process is done with the limiter: the open
   * connection would keep Node running. Acquires still waiting then only poll.
   */
  close(): Promise<void>;
}

/** Redis refused or failed a limiter script (not a refusal to let a request go: an error). */
export class RedisLimiterError extends FaultlineError {
  override name = 'RedisLimiterError';
}

function checkLimit(field: string, value: number | undefined, fix: string): void {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0))
    throw new InvalidArgumentError(field, value, 'a positive number', fix);
}

interface Waiter {
  readonly charged: number;
  readonly resolve: (permit: RequestPermit) => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
}

/** The waiters of one provider in this process, first come first served, and their pause. */
interface Line {
  readonly provider: string;
  readonly keys: readonly string[];
  readonly queue: Waiter[];
  serving: boolean;
  /** The channel on which the releases of this provider are announced (by every process). */
  readonly channel: string;
  /** Ends the current pause early (a release, or the head giving up); null when not paused. */
  wake: (() => void) | null;
  /**
   * Wake-ups so far: a release heard while the head's script is on its way cannot end a
   * pause not yet begun, so the head compares this count instead and asks again at once.
   */
  wakes: number;
  /** Refusals so far, for the small offset that keeps waiters from coming back in lockstep. */
  refusals: number;
}

/**
 * A {@link RequestLimiter} whose state lives in Redis, shared by every process that uses the same
 * Redis and the same `settings` (give every process the same limits: each script call enforces
 * the limits it is given). Per provider:
 *
 * - `rpm` spaces requests evenly (GCRA): one every `60000 / rpm` ms, with a tolerance of one
 *   interval (at most two back to back). The rate holds over any window of a few seconds, not only
 *   over a minute, because providers enforce sub-minute windows too. This is stricter than the
 *   in-process limiter, which lets a whole minute's requests go at once in a sliding minute.
 * - `tpm` is a token bucket of capacity `tpm`, refilled continuously, charged with the estimate at
 *   acquire and corrected with the tokens used at release (it may go below zero; later requests
 *   wait the debt out). A request larger than the bucket is charged the whole bucket: it waits
 *   for a full bucket, not forever.
 * - `maxInFlight` counts leases, which expire after `leaseMs` unless released, so a killed worker
 *   does not hold its slots forever.
 *
 * Waiters of one provider in this process are served first come, first served (only the head asks
 * Redis); across processes, whoever asks first once a request may go gets it. A refused request
 * waits what Redis says, at most `pollMs`, and asks again; under `maxInFlight` or `tpm` it asks at
 * once when any process announces a release (on a second connection: see `close`).
 *
 * A Redis that does not answer (down, restarting) makes `acquire` wait: connections from
 * `connect()` hold commands until Redis is back. The wait is bounded only by the caller's signal,
 * so pass one with a deadline (`AbortSignal.timeout`) where a silent outage must not last.
 * A release that cannot reach Redis is retried by the connection; if it is lost, its lease expires
 * after `leaseMs`.
 */
export function createRedisLimiter(
  redis: Redis,
  settings: LimiterSettings,
  options: RedisLimiterOptions = {},
): RedisLimiter {
  checkLimit('rpm', settings.rpm, 'pass a limit above 0, or leave --rpm out for no limit');
  checkLimit('tpm', settings.tpm, 'pass a limit above 0, or leave --tpm out for no limit');
  checkLimit('maxInFlight', settings.maxInFlight, 'pass a limit above 0, or leave --max-in-flight out for no limit');
  checkLimit('leaseMs', options.leaseMs, 'pass how long a permit may be held in ms (default 600000)');
  checkLimit('pollMs', options.pollMs, 'pass the longest wait between two tries in ms (default 250)');
  const { rpm, tpm, maxInFlight } = settings;
  const leaseMs = options.leaseMs ?? 600_000;
  const pollMs = options.pollMs ?? 250;
  const interval = rpm === undefined ? 0 : MINUTE_MS / rpm;
  // Lease ids: unique across processes (this process's id) and within it (a counter).
  const instance = randomUUID();
  let leases = 0;
  const lines = new Map<string, Line>();
  const channels = new Map<string, Line>();
  // Releases are announced (PUBLISH) to every process, this one included, and only so: the waiters
  // of all processes hear of a freed slot at once, so a busy process does not keep re-taking the
  // slots it frees while the others' waiters sleep until their next try.
  let subscriber: Redis | null = null;
  let closed = false;
  const listen = (line: Line) => {
    if (closed || (maxInFlight === undefined && tpm === undefined)) return;
    if (subscriber === null) {
      subscriber = redis.duplicate({ connectionName: 'faultline-limiter-releases' });
      // Reconnects are the connection's business; a missed announcement costs one poll at most.
      subscriber.on('error', () => undefined);
      subscriber.on('message', (channel: string) => {
        const heard = channels.get(channel);
        if (heard !== undefined) wake(heard);
      });
    }
    subscriber.subscribe(line.channel).catch(() => undefined);
  };

  const lineOf = (provider: string): Line => {
    let line = lines.get(provider);
    if (line === undefined) {
      const keys = [limiterKey(provider, 'rate'), limiterKey(provider, 'tokens'), limiterKey(provider, 'leases')];
      const channel = keys[2] as string;
      line = { provider, keys, channel, queue: [], serving: false, wake: null, wakes: 0, refusals: 0 };
      lines.set(provider, line);
      channels.set(channel, line);
      listen(line);
    }
    return line;
  };

  const wake = (line: Line) => {
    const wakeUp = line.wake;
    line.wake = null;
    line.wakes += 1;
    wakeUp?.();
  };

  const release = (line: Line, leaseId: string, charged: number, used: number): Promise<void> =>
    runScript(redis, RELEASE, line.keys, [leaseId, tpm ?? 0, charged, used]).then(
      () => undefined,
      // Nothing waits on a release (it is fire and forget): a lost one expires with its lease.
      () => undefined,
    );

  const permit = (line: Line, leaseId: string, charged: number): RequestPermit => {
    let released = false;
    return {
      release(tokensUsed: number) {
        if (released) return;
        released = true;
        const used = Number.isFinite(tokensUsed) && tokensUsed > 0 ? tokensUsed : 0;
        void release(line, leaseId, charged, used);
      },
    };
  };

  /** Waits `ms`, or less when woken; the timer never outlives the pause. */
  const pause = (line: Line, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        line.wake = null;
        resolve();
      }, ms);
      line.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const serve = async (line: Line): Promise<void> => {
    line.serving = true;
    try {
      for (let head = line.queue[0]; head !== undefined; head = line.queue[0]) {
        const leaseId = `${instance}:${++leases}`;
        const wakes = line.wakes;
        let answer: unknown;
        try {
          answer = await runScript(redis, ACQUIRE, line.keys, [
            interval,
            tpm ?? 0,
            maxInFlight ?? 0,
            head.charged,
            leaseId,
            leaseMs,
          ]);
        } catch (error) {
          settle(line, head);
          head.reject(
            new RedisLimiterError(
              `The request limiter of provider "${line.provider}" could not run its script in Redis: ${error instanceof Error ? error.message : String(error)}. Check that the queue's Redis is reachable and accepts scripts (EVALSHA).`,
            ),
          );
          continue;
        }
        const [granted, wait] = Array.isArray(answer) ? (answer as unknown[]) : [];
        if (granted === 1) {
          if (head.settled) {
            // The caller gave up while Redis was granting: give the slot and the tokens back at
            // once (the request's place in the rpm schedule stays spent).
            void release(line, leaseId, head.charged, 0);
            continue;
          }
          settle(line, head);
          head.resolve(permit(line, leaseId, head.charged));
          continue;
        }
        if (head.settled || line.wakes !== wakes) continue;
        // A small deterministic offset (0–9 ms, rotating) so that waiters refused at one instant
        // do not all come back at the same one.
        const offset = (line.refusals++ % 4) * 3;
        await pause(line, Math.min(typeof wait === 'number' ? wait : pollMs, pollMs) + offset);
      }
    } finally {
      line.serving = false;
    }
  };

  /** Takes `waiter` out of its line (it was granted, failed or gave up). */
  const settle = (line: Line, waiter: Waiter) => {
    waiter.settled = true;
    const at = line.queue.indexOf(waiter);
    if (at >= 0) line.queue.splice(at, 1);
  };

  return {
    acquire(provider: string, estimatedTokens: number, signal: AbortSignal): Promise<RequestPermit> {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      if (Number.isNaN(estimatedTokens))
        return Promise.reject(
          new InvalidArgumentError(
            'estimatedTokens',
            estimatedTokens,
            'a number of tokens',
            'estimate 0 or more tokens',
          ),
        );
      const line = lineOf(provider);
      const charged = tpm === undefined ? 0 : Math.min(Math.max(0, Math.ceil(estimatedTokens)), tpm);
      return new Promise<RequestPermit>((resolve, reject) => {
        const onAbort = () => {
          if (waiter.settled) return;
          const wasHead = line.queue[0] === waiter;
          settle(line, waiter);
          reject(abortReason(signal));
          if (wasHead) wake(line);
        };
        const waiter: Waiter = {
          charged,
          resolve: (granted) => {
            signal.removeEventListener('abort', onAbort);
            resolve(granted);
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
          settled: false,
        };
        signal.addEventListener('abort', onAbort, { once: true });
        line.queue.push(waiter);
        if (!line.serving) void serve(line);
      });
    },
    async close() {
      closed = true;
      const open = subscriber;
      subscriber = null;
      if (open !== null) await open.quit().catch(() => open.disconnect());
    },
  };
}
