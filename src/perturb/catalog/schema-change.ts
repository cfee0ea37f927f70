/**
 * A schema change: a field of a tool's result is renamed (as after an unannounced API update).
 * The data is all there under a new name; a careful team reads it anyway.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickCall } from './pick-call.js';

/** Renames the first field of an object result (`content` → `content_v2`, ...). */
function renameField(result: unknown, suffix: string): { result: unknown; field: string | null } {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return { result, field: null };
  const entries = Object.entries(result);
  const target = entries.find(([, v]) => typeof v === 'string' || Array.isArray(v)) ?? entries[0];
  if (!target) return { result, field: null };
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k === target[0] ? `${k}${suffix}` : k] = v;
  return { result: out, field: target[0] };
}

/** Recovery: verify (read the result as it now is). */
export const schemaChange: PerturbationType = {
  id: 'schema-change',
  kind: 'tool',
  site: 'tool-result',
  recovery: 'verify',
  description:
    'A field of a read result is renamed (e.g. content → content_v2); the data is intact under the new name.',
  plan(ctx, rng) {
    const pick = pickCall(ctx, rng, 'read');
    return pick && { trigger: pick.trigger, params: { suffix: rng.pick(['_v2', 'Text', '_data']) } };
  },
  afterCall(call, outcome, p) {
    // Planned suffixes are strings; an explicit fault plan may carry any JSON, shown as JSON.
    const raw = p.params['suffix'] ?? '_v2';
    const suffix = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const { result, field } = renameField(outcome.result, suffix);
    if (field === null) return null;
    return {
      value: { ...outcome, result },
      detail: `${call.tool} result field "${field}" renamed to "${field}${suffix}"`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
