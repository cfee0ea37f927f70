/**
 * A stand-in for {@link Rng} whose "random" choices are given numbers. Perturbation types pick
 * their sites with it when a fault plan is built from fast-check choices: choice 0 is the first
 * candidate (the earliest site in the plan), so shrinking a choice towards 0 moves the fault
 * towards the start of the episode.
 */
import type { Rng } from '../core/rng.js';

/** Makes a choice-driven generator; `site` drives picks, `param` drives numbers. */
export function choiceRng(site: number, param: number): Rng {
  const rng = {
    float: () => (param % 1000) / 1000,
    uint32: () => param >>> 0,
    int: (min: number, max: number) => min + (param % (max - min + 1)),
    chance: (p: number) => p >= 0.5,
    pick: <T>(items: readonly T[]) => items[site % items.length] as T,
    shuffle: <T>(items: readonly T[]) => items.slice(),
    sample: <T>(items: readonly T[], count: number) => items.slice(0, count),
    weighted: <K extends string>(weights: Readonly<Record<K, number>>) =>
      (Object.keys(weights) as K[]).find((k) => weights[k] > 0) as K,
    fork: () => rng,
    state: () => ({ c: 0, s0: 0, s1: 0, s2: 0 }),
  };
  return rng as unknown as Rng;
}
