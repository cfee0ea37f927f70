import { describe, expect, it } from 'vitest';
import { familyContract } from '../family-contract.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import {
  FILESYSTEM_FAMILIES,
  analyzeProject,
  generateRenameSymbol,
  generateSplitModule,
  lintProject,
} from '../../../environments/filesystem/index.js';
import type { FsDir, FsState } from '../../../environments/filesystem/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

registerTaskFamilies(FILESYSTEM_FAMILIES);
registerTaskFamilies(FILESYSTEM_FAMILIES); // idempotent

const SEEDS = seeds(25, 50);
const envIdOf = (f: TaskFamily<FsState>) => `filesystem/${f.id}-v${f.version}`;

function walkDirs(dir: FsDir, visit: (d: FsDir) => void): void {
  visit(dir);
  for (const d of Object.values(dir.dirs)) walkDirs(d, visit);
}

describe.each(FILESYSTEM_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  familyContract<FsState>({
    envId,
    family,
    seeds: SEEDS,
    world: 'filesystem',
    minSourceFiles: 10,
    generate: family.id === 'rename-symbol' ? generateRenameSymbol : generateSplitModule,
  });

  it('tasks have a rich intent ledger, facts stated in the request, and well-formed roles', () => {
    for (const task of tasks) {
      const ids = new Set(task.facts.map((f) => f.id));
      expect(task.constraints.length).toBeGreaterThanOrEqual(5);
      expect(task.constraints.some((c) => c.late)).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'invariant')).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'goal')).toBe(true);
      expect(task.constraints.filter((c) => c.kind === 'no-collateral')).toHaveLength(1);
      // Tests and lint are process sub-goals: a team can meet them and still miss the intent.
      expect(
        task.constraints
          .filter((c) => c.subgoal)
          .map((c) => c.kind)
          .sort(),
      ).toEqual(['lint-clean', 'tests-pass']);
      expect(new Set(task.constraints.map((c) => c.id)).size).toBe(task.constraints.length);
      for (const c of task.constraints) {
        expect(family.world.checkers[c.kind], c.kind).toBeDefined();
        for (const f of c.facts) expect(ids.has(f), `${c.id} depends on unknown fact ${f}`).toBe(true);
      }
      // The user states every fact value, except those the plan reads off the world.
      const learned = new Set(task.plan.flatMap((s) => (s.learn ?? []).map((l) => l.fact)));
      expect(learned.size).toBeGreaterThan(0);
      expect(factsInText(task.facts, task.request).sort()).toEqual([...ids].filter((id) => !learned.has(id)).sort());
      for (const f of task.facts) {
        expect(f.guess, f.id).not.toBe(f.value);
        expect(
          task.constraints.some((c) => c.facts.includes(f.id)),
          `fact ${f.id} is used by no constraint`,
        ).toBe(true);
      }
      // needs = the facts each role's own plan steps reference.
      expect(task.entryRole).toBe('planner');
      for (const role of task.roles) {
        const refs = new Set<string>();
        for (const s of task.plan) if (s.role === role.id) factRefs([s.action, s.when ?? null], refs);
        expect([...role.needs].sort(), role.id).toEqual([...refs].sort());
      }
      const roles = Object.fromEntries(task.roles.map((r) => [r.id, r]));
      expect(roles['planner']?.tools).toEqual(['list_dir', 'read_file', 'search', 'grep']);
      expect(roles['planner']?.canFinish).toBe(true);
      expect(roles['executor']?.canFinish).toBe(false);
      expect(roles['executor']?.tools).toEqual(expect.arrayContaining(['write_file', 'run_tests', 'lint']));
      expect(roles['reviewer']?.tools.some((t) => family.world.tools[t]?.readOnly === false)).toBe(false);
      // Conditional steps (the branches a lost fact flips) exist.
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
    }
  });

  it('the initial world is a healthy project that still misses the goal', () => {
    for (const task of tasks) {
      expect(analyzeProject(task.world).ok, task.id).toBe(true);
      expect(lintProject(task.world).problems, task.id).toEqual([]);
      walkDirs(task.world.root, (d) =>
        expect(Object.keys(d.dirs).length + Object.keys(d.files).length).toBeLessThanOrEqual(200),
      );
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const distinct = (f: (t: Task<FsState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    expect(distinct((t) => t.facts[0]?.value)).toBeGreaterThan(SEEDS.length * 0.6);
    for (const i of [1, 2, 3, 4])
      expect(
        distinct((t) => t.facts[i]?.value),
        `fact ${i}`,
      ).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });
});
