/**
 * Episode keys. Results are keyed by (env, team, seed, trial) and always sorted in this order, so
 * files and aggregates are identical however the episodes were scheduled.
 */
import type { Seed } from '../core/rng.js';

/** The key of one episode. */
export interface EpisodeKey {
  readonly envId: string;
  readonly team: string;
  readonly seed: Seed;
  readonly trial: number;
  /** The task variant; 0 (the task as generated) when absent. */
  readonly variant?: number;
}

/** A file-name-safe id, e.g. `filesystem.rename-symbol-v1__oracle__s7__t0` (`__s7__v1__t0` for variant 1). */
export function episodeId(key: EpisodeKey): string {
  const variant = key.variant ? `__v${key.variant}` : '';
  return `${key.envId.replace(/\//g, '.')}__${key.team}__s${key.seed}${variant}__t${key.trial}`;
}

/** Total order on episode keys: env, team, seed, variant, trial. */
export function compareKeys(a: EpisodeKey, b: EpisodeKey): number {
  return (
    cmp(a.envId, b.envId) ||
    cmp(a.team, b.team) ||
    a.seed - b.seed ||
    (a.variant ?? 0) - (b.variant ?? 0) ||
    a.trial - b.trial
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
