/**
 * The next state, role and roles map are frozen all the way down. A step starts from a state
 * frozen all the way down — `frozenState` freezes one nobody froze (restored from a JSON
 * snapshot) — so only what a patch brings in is walked.
 */
import { describe, expect, it } from 'vitest';
import { frozenState, nextRole, nextState, withRoles } from '../../src/team/step/next-state.js';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import type { RoleState, TeamState } from '../../src/team/state.js';

/** The first object reachable from `value` that is not frozen, as a path; null when all are. */
function unfrozenPath(value: unknown, path = 'value'): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (!Object.isFrozen(value)) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = unfrozenPath(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** A state as JSON gives it back: nothing frozen. */
function parsedState(): TeamState<unknown> {
  return {
    t: 0,
    world: { files: { 'a.ts': { content: 'x' } } },
    roles: { planner: { inbox: [{ from: 'user', text: 'hi' }], known: [] } },
  } as unknown as TeamState<unknown>;
}

describe('next state', () => {
  it('freezes a state nobody froze before a step starts from it, and returns a frozen one as it is', () => {
    const parsed = parsedState();
    const state = frozenState(parsed);
    expect(state).toBe(parsed);
    expect(unfrozenPath(state)).toBeNull();
    expect(frozenState(state)).toBe(state);
    const next = nextState(state, { t: 1 });
    expect(unfrozenPath(next)).toBeNull();
  });

  it('freezes what a patch brings into a state it built, and keeps the rest frozen', () => {
    const first = nextState(frozenState(parsedState()), { t: 1 });
    const world = { files: { 'b.ts': { content: 'y', lines: [1, 2] } } };
    const second = nextState(first, { t: 2, world });
    expect(unfrozenPath(second)).toBeNull();
    expect(Object.isFrozen(world.files['b.ts'].lines)).toBe(true);
    const third = nextState(second, { t: 3 });
    expect(unfrozenPath(third)).toBeNull();
    expect(third.world).toBe(world);
  });

  it('does the same for roles and the roles map', () => {
    const role = deepFreeze({ inbox: [{ from: 'user', text: 'hi' }], known: ['a'] }) as unknown as RoleState;
    const patched = nextRole(role, { last: { action: 'x', ok: true, result: { rows: [{ id: 1 }] } } });
    expect(unfrozenPath(patched)).toBeNull();
    const again = nextRole(patched, { known: ['a', 'b'] });
    expect(unfrozenPath(again)).toBeNull();
    const roles = deepFreeze({ planner: { inbox: [], known: [] } }) as unknown as Record<string, RoleState>;
    const map = withRoles(roles, { executor: again });
    expect(unfrozenPath(map)).toBeNull();
    const newer = withRoles(map, { reviewer: { inbox: [{ from: 'x' }], known: [] } as unknown as RoleState });
    expect(unfrozenPath(newer)).toBeNull();
  });
});
