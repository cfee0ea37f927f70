/**
 * A truncated result: a read succeeds but its output is cut off, with a marker saying so.
 */
import type { ToolOutcome } from '../../team/world.js';
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** The marker a truncated result ends with. */
export const TRUNCATION_MARKER = '…[output truncated: call again for the full result]';

/** Cuts every long string in a result to `fraction` of its length and appends the marker. */
export function truncateResult(result: unknown, fraction: number): unknown {
  if (typeof result === 'string') return `${result.slice(0, Math.floor(result.length * fraction))}${TRUNCATION_MARKER}`;
  if (Array.isArray(result)) return [...result.slice(0, Math.ceil(result.length * fraction)), TRUNCATION_MARKER];
  if (result !== null && typeof result === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(result)) out[k] = typeof v === 'string' && v.length > 20 ? truncateResult(v, fraction) : Array.isArray(v) ? truncateResult(v, fraction) : v;
    return out;
  }
  return result;
}

/** Recovery: retry. */
export const truncatedResult: PerturbationType = {
  id: 'truncated-result',
  kind: 'tool',
  site: 'tool-result',
  recovery: 'retry',
  description: 'A read returns only part of its output, marked as truncated; reading again gives all of it.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'read');
    return pick && { trigger: pick.trigger, params: { fraction: 0.3 + rng.int(0, 4) / 10 } };
  },
  afterCall(call, outcome, p) {
    const fraction = Number(p.params['fraction'] ?? 0.5);
    const value: ToolOutcome<unknown> = { ...outcome, result: truncateResult(outcome.result, fraction) };
    return { value, detail: `${call.tool} output cut to ${Math.round(fraction * 100)}%`, ...(call.entity ? { entities: [call.entity] } : {}) };
  },
};
