/**
 * How a careful agent reads the result of its own last action: was it a fault worth retrying,
 * waiting out or routing around, or a result too broken to trust? Errors say so through their
 * code and detail; a damaged successful result is known from the privileged channel (see
 * `plan-follower/faults.ts`).
 */
import type { LastResult } from '../src/public/env.js';

/** What to do about the last result. */
export type RecoveryMove =
  | { readonly kind: 'none' }
  | { readonly kind: 'retry' }
  | { readonly kind: 'wait'; readonly ticks: number }
  | { readonly kind: 'fallback'; readonly tool: string };

const TRANSIENT = new Set(['unavailable', 'timeout', 'internal_error']);

/** The recovery a careful agent makes after `last`; `damaged`: the successful result was cut off or garbled. */
export function recoveryFor(last: LastResult | null, damaged: boolean): RecoveryMove {
  if (!last) return { kind: 'none' };
  if (last.ok) return damaged ? { kind: 'retry' } : { kind: 'none' };
  const code = last.error?.code ?? '';
  if (TRANSIENT.has(code)) return { kind: 'retry' };
  if (code === 'rate_limited')
    return { kind: 'wait', ticks: Math.max(1, Math.ceil(Number(last.error?.detail?.['retryAfter'] ?? 5))) };
  const fallback = last.error?.detail?.['fallback'];
  if (code === 'gone' && typeof fallback === 'string') return { kind: 'fallback', tool: fallback };
  return { kind: 'none' };
}
