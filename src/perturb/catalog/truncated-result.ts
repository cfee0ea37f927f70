/**
 * A truncated result: a read succeeds but its output is cut off, with a marker saying so.
 */
import type { ToolOutcome } from '../../team/world.js';
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** The marker a truncated result ends with. */
export const TRUNCATION_MARKER = '…[output truncated: call again for the full result]';

/**
 * Cuts every long string and list in a result to `fraction` of its length and appends the marker,
 * at any depth. A result with nothing long enough to cut (a small config object) loses its last
 * entries instead and says so, so a fired truncation is always visible to the agent.
 */
export function truncateResult(result: unknown, fraction: number): unknown {
  if (typeof result === 'string') return `${result.slice(0, Math.floor(result.length * fraction))}${TRUNCATION_MARKER}`;
  const cut = cutLong(result, fraction);
  if (cut.changed || result === null || typeof result !== 'object') return cut.value;
  if (Array.isArray(result))
    return [...(result as unknown[]).slice(0, Math.floor(result.length * fraction)), TRUNCATION_MARKER];
  const entries = Object.entries(result);
  return {
    ...Object.fromEntries(entries.slice(0, Math.floor(entries.length * fraction))),
    truncated: TRUNCATION_MARKER,
  };
}

function cutLong(value: unknown, fraction: number): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    return value.length > 20
      ? { value: `${value.slice(0, Math.floor(value.length * fraction))}${TRUNCATION_MARKER}`, changed: true }
      : { value, changed: false };
  }
  if (Array.isArray(value))
    return {
      value: [...(value as unknown[]).slice(0, Math.ceil(value.length * fraction)), TRUNCATION_MARKER],
      changed: true,
    };
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = cutLong(v, fraction);
      out[k] = c.value;
      changed ||= c.changed;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
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
    return {
      value,
      detail: `${call.tool} output cut to ${Math.round(fraction * 100)}%`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
