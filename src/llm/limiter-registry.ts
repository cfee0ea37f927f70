/**
 * The request limiter of the run this thread works for. The runner installs one (on the main
 * thread the limiter itself, on a worker thread a proxy to it), and every model call of every
 * episode asks it for a permit, so all workers of a run share one budget per provider.
 */
import type { RequestLimiter, RequestPermit } from './types.js';

const NO_LIMIT: RequestLimiter = {
  acquire: (): Promise<RequestPermit> => Promise.resolve({ release: () => undefined }),
};

let current: RequestLimiter = NO_LIMIT;

/** Installs the limiter model calls in this thread go through; `null` removes any limit. */
export function useRequestLimiter(limiter: RequestLimiter | null): void {
  current = limiter ?? NO_LIMIT;
}

/** The limiter model calls in this thread go through (unlimited when none is installed). */
export function requestLimiter(): RequestLimiter {
  return current;
}
