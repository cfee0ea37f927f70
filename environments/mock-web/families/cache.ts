/**
 * A small memo of generated tasks, as in the filesystem world: a task is a pure function of the
 * generator's RNG state, so a second reset of the same seed reuses the first one's task (and the
 * search index cached on its sites).
 */
import type { Rng, Seed } from '../../../src/core/rng.js';
import type { Task } from '../../../src/team/world.js';

/** Tasks kept per family. */
const CAPACITY = 32;

/**
 * Wraps a generator with a least-recently-used memo keyed by the seed and the full RNG state. The
 * generator draws from a fork of `rng`, so the caller's stream is untouched whether or not the
 * memo hits.
 */
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
    const task = generate(rng.fork('mock-web-task'), seed);
    memo.set(key, task);
    if (memo.size > CAPACITY) memo.delete(memo.keys().next().value as string);
    return task;
  };
}
