/**
 * Every state a team env holds after a step is frozen all the way down — also when the episode
 * was restored from a JSON snapshot, whose objects nobody froze — so no agent handed a part of it
 * can change it in place.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { make } from '../../src/core/registry.js';
import type { EnvSnapshot } from '../../src/core/env.js';
import { planActions } from '../../src/team/plan.js';
import { teamStateOf } from '../../src/team/team-env.js';

beforeAll(() => loadBuiltins());

/** The first object reachable from `value` that is not frozen, as a path; null when all are. */
function unfrozenPath(value: unknown, path = 'state', seen = new Set<unknown>()): string | null {
  if (value === null || typeof value !== 'object' || seen.has(value)) return null;
  seen.add(value);
  if (!Object.isFrozen(value)) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = unfrozenPath(child, `${path}.${key}`, seen);
    if (found) return found;
  }
  return null;
}

describe('team states are deep-frozen', () => {
  for (const id of ['deploy/rollout-v2', 'filesystem/rename-symbol-v1']) {
    it(`${id}: after reset, after every step, and after restoring a JSON snapshot`, () => {
      const env = make(id);
      env.reset({ seed: 3, options: { perturb: 'production' } });
      const plan = planActions(teamStateOf(env)!.task);
      expect(unfrozenPath(teamStateOf(env))).toBeNull();
      const half = Math.floor(plan.length / 2);
      for (const action of plan.slice(0, half)) {
        env.step(action);
        expect(unfrozenPath(teamStateOf(env))).toBeNull();
      }
      const restored = make(id);
      restored.restore(JSON.parse(JSON.stringify(env.snapshot())) as EnvSnapshot);
      expect(unfrozenPath(teamStateOf(restored))).not.toBeNull();
      const r = restored.step(plan[half]);
      expect(unfrozenPath(teamStateOf(restored))).toBeNull();
      expect(unfrozenPath(r.observation)).toBeNull();
    });
  }
});
