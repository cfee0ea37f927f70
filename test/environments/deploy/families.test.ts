import { describe, expect, it } from 'vitest';
import { familyContract } from '../family-contract.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import { DEPLOY_FAMILIES, generateDiagnoseRollback, generateRollout } from '../../../environments/deploy/index.js';
import type { DeployState } from '../../../environments/deploy/state.js';
import { failingServices } from '../../../environments/deploy/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

registerTaskFamilies(DEPLOY_FAMILIES);
registerTaskFamilies(DEPLOY_FAMILIES); // idempotent

const SEEDS = seeds(25, 50);
const envIdOf = (f: TaskFamily<DeployState>) => `deploy/${f.id}-v${f.version}`;

describe.each(DEPLOY_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  familyContract<DeployState>({
    envId,
    family,
    seeds: SEEDS,
    world: 'deploy',
    minSourceFiles: 5,
    generate: family.id === 'rollout' ? generateRollout : generateDiagnoseRollback,
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
      ).toEqual(['all-healthy']);
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
      expect(roles['planner']?.tools.every((t) => family.world.tools[t]?.readOnly)).toBe(true);
      expect(roles['planner']?.canFinish).toBe(true);
      expect(roles['executor']?.canFinish).toBe(false);
      expect(roles['executor']?.tools).toEqual(
        expect.arrayContaining(['deploy', 'set_config', 'request_approval', 'health', 'probe']),
      );
      expect(roles['reviewer']?.tools.some((t) => family.world.tools[t]?.readOnly === false)).toBe(false);
      // Conditional steps (the branches a lost fact flips) exist.
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
    }
  });

  it('the initial world is well formed and misses the goal', () => {
    for (const task of tasks) {
      // A rollout starts from a healthy stack; an incident from one whose culprit's callers fail.
      if (family.id === 'rollout') expect(failingServices(task.world), task.id).toEqual([]);
      else expect(failingServices(task.world).length, task.id).toBeGreaterThan(0);
      expect(Object.keys(task.world.services).length).toBeLessThanOrEqual(200);
      for (const s of Object.values(task.world.services)) expect(Object.keys(s.config).length).toBeLessThanOrEqual(200);
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const distinct = (f: (t: Task<DeployState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    expect(distinct((t) => t.facts[0]?.value)).toBeGreaterThan(SEEDS.length * 0.5);
    for (let i = 1; i < (tasks[0]?.facts.length ?? 0); i++)
      expect(
        distinct((t) => t.facts[i]?.value),
        `fact ${i}`,
      ).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });
});
