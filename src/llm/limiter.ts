/**
 * The request limiter of a run: per provider, at most `maxInFlight` requests at once, `rpm`
 * requests in any sliding minute and `tpm` tokens a minute (a token bucket charged with the
 * request's estimate when it goes and corrected with what it really used when it returns).
 * Waiters are served first come, first served, per provider: a big request at the head is not
 * overtaken by small ones behind it. Waits are wall-clock and end with the caller's signal.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { abortReason } from './gateway/sleep.js';
import type { LimiterSettings, RequestLimiter, RequestPermit } from './types.js';

const MINUTE_MS = 60_000;

/** The clock the limiter reads (injectable so a test can check the arithmetic without waiting). */
export interface LimiterClock {
  now(): number;
}

interface Waiter {
  readonly tokens: number;
  readonly grant: () => void;
}

interface ProviderState {
  inFlight: number;
  /** Start times of the requests of the last minute, oldest first. */
  readonly starts: number[];
  /** Tokens available now (may go negative when requests used more than estimated). */
  tokens: number;
  refilledAt: number;
  readonly queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | null;
}

function checkLimit(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0))
    throw new InvalidArgumentError(
      field,
      value,
      'a positive number',
      `pass a limit above 0, or leave --${field === 'maxInFlight' ? 'max-in-flight' : field} out for no limit`,
    );
}

/** A limiter enforcing `settings` for each provider separately (absent limits: none). */
export function createRequestLimiter(
  settings: LimiterSettings,
  clock: LimiterClock = { now: () => performance.now() },
): RequestLimiter {
  checkLimit('rpm', settings.rpm);
  checkLimit('tpm', settings.tpm);
  checkLimit('maxInFlight', settings.maxInFlight);
  const { rpm, tpm, maxInFlight } = settings;
  const providers = new Map<string, ProviderState>();

  const stateOf = (provider: string): ProviderState => {
    let state = providers.get(provider);
    if (state === undefined) {
      state = { inFlight: 0, starts: [], tokens: tpm ?? 0, refilledAt: clock.now(), queue: [], timer: null };
      providers.set(provider, state);
    }
    return state;
  };

  const refill = (state: ProviderState, now: number) => {
    if (tpm === undefined) return;
    state.tokens = Math.min(tpm, state.tokens + ((now - state.refilledAt) * tpm) / MINUTE_MS);
    state.refilledAt = now;
  };

  /** Ms until the head of the queue may go (0: now; Infinity: when a request returns). */
  const waitFor = (state: ProviderState, tokens: number, now: number): number => {
    if (maxInFlight !== undefined && state.inFlight >= maxInFlight) return Infinity;
    let wait = 0;
    if (rpm !== undefined) {
      while (state.starts.length > 0 && (state.starts[0] as number) <= now - MINUTE_MS) state.starts.shift();
      if (state.starts.length >= rpm)
        wait = Math.max(wait, (state.starts[state.starts.length - rpm] as number) + MINUTE_MS - now);
    }
    if (tpm !== undefined && state.tokens < tokens) wait = Math.max(wait, ((tokens - state.tokens) * MINUTE_MS) / tpm);
    return wait;
  };

  const pump = (state: ProviderState) => {
    if (state.timer !== null) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    for (;;) {
      const head = state.queue[0];
      if (head === undefined) return;
      const now = clock.now();
      refill(state, now);
      const wait = waitFor(state, head.tokens, now);
      if (wait === Infinity) return;
      if (wait > 0) {
        state.timer = setTimeout(() => pump(state), Math.ceil(wait));
        return;
      }
      state.queue.shift();
      state.inFlight += 1;
      if (rpm !== undefined) state.starts.push(now);
      if (tpm !== undefined) state.tokens -= head.tokens;
      head.grant();
    }
  };

  return {
    acquire(provider: string, estimatedTokens: number, signal: AbortSignal): Promise<RequestPermit> {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      const state = stateOf(provider);
      // A request bigger than the whole budget would wait forever: it waits for a full bucket instead.
      const charged = Math.min(Math.max(0, Math.ceil(estimatedTokens)), tpm ?? Infinity);
      return new Promise<RequestPermit>((resolve, reject) => {
        const onAbort = () => {
          const at = state.queue.indexOf(waiter);
          if (at >= 0) state.queue.splice(at, 1);
          reject(abortReason(signal));
          pump(state);
        };
        const waiter: Waiter = {
          tokens: charged,
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            let released = false;
            resolve({
              release(tokensUsed: number) {
                if (released) return;
                released = true;
                state.inFlight -= 1;
                if (tpm !== undefined) {
                  refill(state, clock.now());
                  const used = Number.isFinite(tokensUsed) && tokensUsed > 0 ? tokensUsed : 0;
                  state.tokens = Math.min(tpm, state.tokens + charged - used);
                }
                pump(state);
              },
            });
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        state.queue.push(waiter);
        pump(state);
      });
    },
  };
}
