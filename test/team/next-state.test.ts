/**
 * The next state, role and roles map are frozen all the way down, whatever they were built from:
 * only what the team transition built itself is trusted to be deep-frozen already.
 */
import { describe, expect, it } from 'vitest';
import { nextRole, nextState, withRoles } from '../../src/team/step/next-state.js';
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

/** A state frozen at its top level only, as a caller might freeze one by hand. */
function shallowFrozenState(): TeamState<unknown> {
  return Object.freeze({
    t: 0,
    world: { files: { 'a.ts': { content: 'x' } } },
    roles: { planner: { inbox: [{ from: 'user', text: 'hi' }], known: [] } },
  }) as unknown as TeamState<unknown>;
}

describe('next state', () => {
  it('freezes the untouched parts of a state it did not build', () => {
    const next = nextState(shallowFrozenState(), { t: 1 });
    expect(unfrozenPath(next)).toBeNull();
  });

  it('freezes what a patch brings into a state it built, and keeps the rest frozen', () => {
    const first = nextState(shallowFrozenState(), { t: 1 });
    const world = { files: { 'b.ts': { content: 'y', lines: [1, 2] } } };
    const second = nextState(first, { t: 2, world });
    expect(unfrozenPath(second)).toBeNull();
    expect(Object.isFrozen(world.files['b.ts'].lines)).toBe(true);
    const third = nextState(second, { t: 3 });
    expect(unfrozenPath(third)).toBeNull();
    expect(third.world).toBe(world);
  });

  it('does the same for roles and the roles map', () => {
    const role = Object.freeze({ inbox: [{ from: 'user', text: 'hi' }], known: ['a'] }) as unknown as RoleState;
    const patched = nextRole(role, { last: { action: 'x', ok: true, result: { rows: [{ id: 1 }] } } });
    expect(unfrozenPath(patched)).toBeNull();
    const again = nextRole(patched, { known: ['a', 'b'] });
    expect(unfrozenPath(again)).toBeNull();
    const roles = Object.freeze({ planner: { inbox: [], known: [] } }) as unknown as Record<string, RoleState>;
    const map = withRoles(roles, { executor: again });
    expect(unfrozenPath(map)).toBeNull();
    const newer = withRoles(map, { reviewer: { inbox: [{ from: 'x' }], known: [] } as unknown as RoleState });
    expect(unfrozenPath(newer)).toBeNull();
  });
});
