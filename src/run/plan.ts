/**
 * The episode plan of a run: every (env, team, seed, variant, trial) key in the one total order,
 * and the deterministic slice a shard runs. Results never depend on how the plan is scheduled.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { compareKeys, type PlannedKey } from './episode-id.js';

/** Which slice of the plan to run: shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What the plan covers. */
export interface PlanSpec {
  readonly envIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly seeds: readonly Seed[];
  readonly variants: number;
  readonly trials: number;
  /** The world size of every episode (an entity count); the families' own when absent. */
  readonly worldSize?: number;
}

/** Every episode key of a plan, in key order. */
export function planEpisodes(spec: PlanSpec): Array<PlannedKey> {
  const keys: Array<PlannedKey> = [];
  const size = spec.worldSize === undefined ? {} : { worldSize: spec.worldSize };
  for (const envId of spec.envIds) {
    for (const team of spec.teamIds) {
      for (const seed of spec.seeds) {
        for (let variant = 0; variant < spec.variants; variant++) {
          for (let trial = 0; trial < spec.trials; trial++) keys.push({ envId, team, seed, variant, trial, ...size });
        }
      }
    }
  }
  return keys.sort(compareKeys);
}

/**
 * The keys shard `index`/`count` runs: every `count`-th key of the plan, starting at `index − 1`.
 * Striding (rather than cutting the plan in blocks) spreads slow envs over all shards.
 */
export function shardKeys<K>(keys: readonly K[], shard: Shard | undefined): K[] {
  if (!shard || shard.count === 1) return [...keys];
  return keys.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Parses `i/n` (1 ≤ i ≤ n), with a clear error naming `--shard`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new InvalidArgumentError(
      '--shard',
      text,
      'i/n with 1 <= i <= n, e.g. 1/4 for the first of four shards',
      'run shards 1/4, 2/4, 3/4 and 4/4, then `faultline merge`',
    );
  }
  return { index, count };
}
