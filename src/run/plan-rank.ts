/**
 * An episode's place in a run's plan, worked out from its id alone: the plan is the product of
 * sorted envs, teams, seeds, variants and trials, so its key order is a mixed-radix number. A run
 * of any size orders its records by it without a table of its ids.
 */
import type { Seed } from '../core/rng.js';
import { parseEpisodeId } from './episode-id.js';
import type { Shard } from './plan.js';

/** The plan a rank is taken in: the run's config, as `runConfigOf` sorts it. */
export interface RankedPlan {
  readonly envs: readonly string[];
  readonly teams: readonly string[];
  /** Sorted ascending, without repeats. */
  readonly seeds: readonly Seed[];
  readonly variants: number;
  readonly trials: number;
  /** The run's world size; absent at each family's own size (then no planned id names one). */
  readonly worldSize?: number;
}

/**
 * A function giving the index of an episode id among the keys of `plan` (those of `shard` when
 * given) in key order — the order `planEpisodes` and `shardKeys` list them in — or undefined for
 * an id that is not one of them.
 */
export function planRanker(plan: RankedPlan, shard?: Shard | null): (id: string) => number | undefined {
  const envIndex = new Map(plan.envs.map((e, i) => [e, i]));
  const teamIndex = new Map(plan.teams.map((t, i) => [t, i]));
  const count = shard && shard.count > 1 ? shard.count : 1;
  const offset = shard && shard.count > 1 ? shard.index - 1 : 0;
  return (id) => {
    // The one spelling of a key (`s07` or `__v0` name no planned episode), every part read.
    const key = parseEpisodeId(id);
    if (key === null || key.worldSize !== plan.worldSize) return undefined;
    const variant = key.variant ?? 0;
    const trial = key.trial;
    const e = envIndex.get(key.envId);
    const t = teamIndex.get(key.team);
    const s = indexOfSorted(plan.seeds, key.seed);
    if (e === undefined || t === undefined || s === -1 || variant >= plan.variants || trial >= plan.trials)
      return undefined;
    const index =
      (((e * plan.teams.length + t) * plan.seeds.length + s) * plan.variants + variant) * plan.trials + trial;
    if (index % count !== offset) return undefined;
    return (index - offset) / count;
  };
}

function indexOfSorted(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
