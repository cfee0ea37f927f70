/**
 * A small memo of generated tasks (see the filesystem world's `families/cache.ts`): a task is a
 * pure function of the generator's RNG state, so resets of the same seed reuse it.
 */
import type { Rng, Seed } from '../../../src/core/rng.js';
import type { Task } from '../../../src/team/world.js';

/** Tasks kept per family. */
const CAPACITY = 32;

/** Wraps a generator with an LRU memo keyed by the seed and the full RNG state; draws from a fork. */
export function memoizeGenerator<W>(generate: (rng: Rng, seed: Seed) => Task<W>): (rng: Rng, seed: Seed) => Task<W> {
  const memo = new Map<string, Task<W>>();
  return (rng, seed) => {
    const s = rng.state();
    const key = `${seed}|${s.c}|${s.s0}|${s.s1}|${s.s2}`;
    const hit = memo.get(key);
    if (hit) {
      memo.delete(key);
      memo.set(key, hit);
      return hit;
    }
    const task = generate(rng.fork('flaky-api-task'), seed);
    memo.set(key, task);
    if (memo.size > CAPACITY) memo.delete(memo.keys().next().value as string);
    return task;
  };
}
