/**
 * The task's path (`src/perturb/path.ts`) and the failed calls it keeps open
 * (`src/perturb/open-faults.ts`): which plan calls a task needs, how a tool fault is labelled
 * when it fires, and which later call settles a failed one.
 */
import { describe, expect, it } from 'vitest';
import { FILESYSTEM_FAMILIES } from '../../environments/filesystem/index.js';
import { Rng } from '../../src/core/rng.js';
import { perturbationEngine } from '../../src/perturb/engine.js';
import { pathCalls, pathKey } from '../../src/perturb/path.js';
import { callSites } from '../../src/perturb/sites.js';
import type { CallContext, FaultState, PlannedPerturbation } from '../../src/team/perturbation.js';

const family = FILESYSTEM_FAMILIES.find((f) => f.id === 'rename-symbol')!;
const task = family.generate(Rng.fromSeed(1), 1);
const world = family.world;

describe('the task path', () => {
  const path = new Set(pathCalls(task, world));
  const calls = callSites(task, world);

  it('holds every write, every read a fact is learned from, and every read of what the same role then edits', () => {
    const writes = calls.filter((c) => !world.tools[c.tool]!.readOnly);
    const learns = calls.filter((c) => task.plan[c.planIndex]!.learn?.length);
    const readBeforeEdit = calls.filter(
      (c) =>
        c.tool === 'read_file' &&
        calls.some(
          (w) => w.planIndex > c.planIndex && w.tool === 'write_file' && w.role === c.role && w.entity === c.entity,
        ),
    );
    expect(writes.length).toBeGreaterThan(3);
    expect(learns.length).toBeGreaterThan(0);
    expect(readBeforeEdit.length).toBeGreaterThan(3);
    for (const c of [...writes, ...learns, ...readBeforeEdit]) expect(path.has(c), `${c.tool} ${c.entity}`).toBe(true);
  });

  it('leaves out listings, searches, test runs and the reviewer’s looks', () => {
    const off = calls.filter((c) => !path.has(c));
    expect(off.some((c) => c.tool === 'search')).toBe(true);
    expect(off.some((c) => c.tool === 'list_dir')).toBe(true);
    expect(off.some((c) => c.tool === 'run_tests')).toBe(true);
    expect(off.filter((c) => c.role === 'reviewer')).toEqual(calls.filter((c) => c.role === 'reviewer'));
    for (const c of off) expect(world.tools[c.tool]!.readOnly).toBe(true);
  });

  it('tool faults are planned on it, and carry its keys for their tool', () => {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const plan = perturbationEngine.plan('transient-error', task, world, Rng.fromSeed(seed));
      const p = plan[0]!;
      expect(p.trigger.on).toBe('call');
      const keys = p.params['path'] as string[];
      const site = calls.find(
        (c) => p.trigger.on === 'call' && c.tool === p.trigger.tool && c.entity === p.trigger.entity,
      )!;
      expect(keys).toContain(pathKey(site.entity, site.args));
    }
  });
});

describe('a tool fault when it fires', () => {
  const fault: PlannedPerturbation = {
    id: 'p1',
    type: 'permanent-failure',
    kind: 'tool',
    site: 'tool-call',
    recovery: 'fallback',
    trigger: { on: 'call', tool: 'search', nth: 1 },
    params: { fallback: 'grep', path: [pathKey(undefined, { pattern: 'needed' })] },
  };
  const state: FaultState = { profile: 'x', plan: [fault], fired: [], counts: { 'search|*': 0 }, blockedUntil: {} };
  const call = (tool: string, pattern: string, role = 'planner', step = 1): CallContext => ({
    step,
    clock: step,
    role,
    tool,
    args: { pattern },
    entity: undefined,
    readOnly: true,
    allowed: true,
  });

  it('on a needed call: not labelled, kept open until the same role succeeds through the documented fallback', () => {
    const hit = perturbationEngine.beforeCall(call('search', 'needed'), state);
    expect(hit.value?.ok).toBe(false);
    expect(hit.fired[0]?.offPath).toBeUndefined();
    expect(hit.faults.open).toEqual([
      { id: 'p1', role: 'planner', tool: 'search', fallback: 'grep', key: pathKey(undefined, { pattern: 'needed' }) },
    ]);
    const ok = { ok: true, result: [] };
    // A teammate's look, or another call, settles nothing.
    expect(
      perturbationEngine.afterCall(call('grep', 'needed', 'reviewer', 2), ok, hit.faults).faults.open,
    ).toHaveLength(1);
    expect(perturbationEngine.afterCall(call('grep', 'other', 'planner', 2), ok, hit.faults).faults.open).toHaveLength(
      1,
    );
    expect(perturbationEngine.afterCall(call('grep', 'needed', 'planner', 2), ok, hit.faults).faults.open).toEqual([]);
  });

  it('off the path: labelled offPath and never kept open', () => {
    const hit = perturbationEngine.beforeCall(call('search', 'incidental'), state);
    expect(hit.value?.ok).toBe(false);
    expect(hit.fired[0]?.offPath).toBe(true);
    expect(hit.faults.open ?? []).toEqual([]);
  });

  it('from an explicit plan without a path: neither labelled nor kept open (as before)', () => {
    const bare = { ...state, plan: [{ ...fault, params: { fallback: 'grep' } }] };
    const hit = perturbationEngine.beforeCall(call('search', 'incidental'), bare);
    expect(hit.fired[0]?.offPath).toBeUndefined();
    expect(hit.faults.open ?? []).toEqual([]);
  });
});
