/**
 * Profiles: named mixes of perturbations. A profile draws, from the episode's fault stream, which
 * perturbation types the episode gets; each type then picks its own site in the task.
 */
import type { Rng } from '../core/rng.js';
import type { PerturbationKind } from '../team/perturbation.js';
import { CATALOG } from './catalog/index.js';

/** A named mix of perturbations. */
export interface Profile {
  readonly id: string;
  readonly description: string;
  /** The perturbation types of one episode (repeats allowed), drawn from `rng`. */
  draw(rng: Rng): string[];
}

/** Relative frequencies in the realistic mix (`production`). */
const PRODUCTION_WEIGHTS: Readonly<Record<string, number>> = {
  'transient-error': 14,
  timeout: 8,
  'rate-limit': 10,
  'truncated-result': 6,
  'malformed-result': 5,
  'schema-change': 5,
  'permanent-failure': 4,
  'wrong-value': 6,
  'stale-data': 6,
  'conflicting-sources': 5,
  distractor: 4,
  injection: 4,
  ambiguity: 10,
  'requirement-change': 8,
  paraphrase: 6,
  'handoff-truncation': 8,
  'handoff-field-drop': 8,
  'memory-loss': 6,
};

function weighted(rng: Rng, weights: Readonly<Record<string, number>>, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(rng.weighted(weights));
  return out;
}

function ofKind(kind: PerturbationKind): Record<string, number> {
  return Object.fromEntries(CATALOG.filter((t) => t.kind === kind).map((t) => [t.id, 1]));
}

const KIND_DESCRIPTIONS: Readonly<Record<PerturbationKind, string>> = {
  tool: 'tool faults only: errors, timeouts, rate limits, broken results, retired tools (1–2 per episode)',
  data: 'data faults only: stale, conflicting, wrong or injected data (1–2 per episode)',
  instruction: 'instruction faults only: ambiguity, a change of requirement, a paraphrase (1–2 per episode)',
  team: 'team faults only: handoffs damaged in transit, a role that loses its memory (1–2 per episode)',
};

/** Every profile: clean, production, chaos, one per kind, and one per perturbation type. */
export const PROFILES: readonly Profile[] = [
  { id: 'clean', description: 'no perturbations', draw: () => [] },
  {
    id: 'production',
    description: 'a realistic mix at moderate rates: 0–2 perturbations per episode, mostly tool faults',
    draw: (rng) => weighted(rng, PRODUCTION_WEIGHTS, Number(rng.weighted({ '0': 25, '1': 45, '2': 30 }))),
  },
  {
    id: 'chaos',
    description: 'everything at high rates: 4–6 perturbations of every kind per episode',
    draw: (rng) => weighted(rng, Object.fromEntries(CATALOG.map((t) => [t.id, 1])), rng.int(4, 6)),
  },
  ...(['tool', 'data', 'instruction', 'team'] as const)
    .filter((kind) => CATALOG.some((t) => t.kind === kind))
    .map((kind): Profile => ({
      id: kind,
      description: KIND_DESCRIPTIONS[kind],
      draw: (rng) => weighted(rng, ofKind(kind), rng.int(1, 2)),
    })),
  ...CATALOG.map((t): Profile => ({ id: t.id, description: `only ${t.id}: ${t.description}`, draw: () => [t.id] })),
];

const byId = new Map(PROFILES.map((p) => [p.id, p]));

/** A profile by id. */
export function profile(id: string): Profile | undefined {
  return byId.get(id);
}
