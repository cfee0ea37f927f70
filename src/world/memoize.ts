/**
 * A small memo of generated tasks. Evaluations reset the same seed many times (k trials, several
 * teams, several perturbation profiles), and a task is a pure function of the generator's RNG
 * state, so the second reset of a seed can reuse the first one's task — and, because the task's
 * file objects are then the same objects, every parse and analysis cached on them too.
 *
 * A shared task must never change: every episode of its seed starts from it, and agents are handed
 * parts of it (the privileged task, observations of its world). So it is deep-frozen once, when
 * generated; a team that tries to change what it was given gets a TypeError in its own code and
 * the next episode sees the task exactly as generated.
 */
import { freeze } from 'immer';
import { markFrozenMaps } from '../core/frozen.js';
import type { Rng, Seed } from '../core/rng.js';
import type { Task } from '../team/world.js';

/** Tasks kept per family; a few MB at most. */
const CAPACITY = 32;

/**
 * Wraps a generator with a least-recently-used memo keyed by the seed and the full RNG state
 * (never by the seed alone: a caller may pass any stream) and the world size. The generator draws from a fork of
 * `rng`, so the caller's stream is left exactly as it was whether or not the memo hit.
 */
export function memoizeGenerator<W>(
  generate: (rng: Rng, seed: Seed, size?: number) => Task<W>,
): (rng: Rng, seed: Seed, size?: number) => Task<W> {
  const memo = new Map<string, Task<W>>();
  return (rng, seed, size) => {
    const s = rng.state();
    const key = `${seed}|${s.c}|${s.s0}|${s.s1}|${s.s2}|${size ?? ''}`;
    const hit = memo.get(key);
    if (hit) {
      memo.delete(key);
      memo.set(key, hit);
      return hit;
    }
    const task = freezeTask(generate(rng.fork('generated-task'), seed, size));
    // A grown world's maps are shared by every state of every episode of this seed.
    if (size !== undefined) markFrozenMaps(task);
    memo.set(key, task);
    if (memo.size > CAPACITY) memo.delete(memo.keys().next().value as string);
    return task;
  };
}

/**
 * Deep-freezes a generated task and returns it. Plain objects and arrays (all a built-in task
 * holds) are walked here; anything else (a Map or a class instance in a task of one's own) is
 * left to immer's deep freeze, which also makes a Map or Set refuse changes.
 *
 * A walk of its own, not the project's deepFreeze, although the two read alike: deepFreeze runs
 * on every step's new state, and handing it every shape of every generated task made its property
 * loads megamorphic, which cost more per step (production) than it saved per reset. immer's
 * freeze, used for the whole task before, asks several questions of every value (draft?
 * draftable? its kind?) and took about a tenth of a new seed's reset.
 */
function freezeTask<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    Object.freeze(value);
    for (let i = 0; i < value.length; i++) freezeTask(value[i]);
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return freeze(value, true);
  Object.freeze(value);
  for (const key of Object.keys(value)) freezeTask((value as Record<string, unknown>)[key]);
  return value;
}
