import { describe, expect, it } from 'vitest';
import { familyContract } from '../family-contract.js';
import { make } from '../../../src/core/registry.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import type { Action } from '../../../src/team/actions.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import { planActions } from '../../../src/team/plan.js';
import type { StepEvent } from '../../../src/team/events.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import {
  FLAKY_API_FAMILIES,
  generateMigrateRecords,
  generateReconcileRefunds,
  type ApiState,
} from '../../../environments/flaky-api/index.js';
import { SERVICES } from '../../../environments/flaky-api/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

registerTaskFamilies(FLAKY_API_FAMILIES);
registerTaskFamilies(FLAKY_API_FAMILIES); // idempotent

const SEEDS = seeds(25, 50);
const envIdOf = (f: TaskFamily<ApiState>) => `flaky-api/${f.id}-v${f.version}`;
const RAW: Record<string, (rng: Rng, seed: number) => Task<ApiState>> = {
  'reconcile-refunds': generateReconcileRefunds,
  'migrate-records': generateMigrateRecords,
};

describe.each(FLAKY_API_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const env = make(envId);
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  familyContract<ApiState>({
    envId,
    family,
    seeds: SEEDS,
    world: 'flaky-api',
    minSourceFiles: 5,
    minFacts: 3,
    generate: RAW[family.id]!,
  });

  it('tasks have a rich intent ledger, facts stated in the request or learned, and well-formed roles', () => {
    for (const task of tasks) {
      const ids = new Set(task.facts.map((f) => f.id));
      expect(task.constraints.length).toBeGreaterThanOrEqual(5);
      expect(task.constraints.some((c) => c.late)).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'invariant')).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'goal')).toBe(true);
      expect(task.constraints.filter((c) => c.kind === 'no-collateral')).toHaveLength(1);
      expect(task.constraints.some((c) => c.subgoal)).toBe(true);
      expect(new Set(task.constraints.map((c) => c.id)).size).toBe(task.constraints.length);
      for (const c of task.constraints) {
        expect(family.world.checkers[c.kind], c.kind).toBeDefined();
        for (const f of c.facts) expect(ids.has(f), `${c.id} depends on unknown fact ${f}`).toBe(true);
      }
      // Learned facts: a secondary source, then the authoritative one (verification), which the request names.
      const learned = new Set(task.plan.flatMap((s) => (s.learn ?? []).map((l) => l.fact)));
      expect(learned.size).toBeGreaterThan(0);
      for (const id of learned) {
        const sources = task.plan.filter((s) => s.learn?.some((l) => l.fact === id));
        expect(sources.some((s) => !s.verification)).toBe(true);
        expect(sources.some((s) => s.verification)).toBe(true);
      }
      expect(task.request).toContain('policy_get');
      expect(task.plan.some((s) => s.verification && s.action.type === 'tool' && s.action.tool === 'policy_get')).toBe(
        true,
      );
      expect(factsInText(task.facts, task.request).sort()).toEqual([...ids].filter((id) => !learned.has(id)).sort());
      for (const f of task.facts) {
        expect(f.guess, f.id).not.toBe(f.value);
        expect(
          task.constraints.some((c) => c.facts.includes(f.id)),
          `fact ${f.id} is used by no constraint`,
        ).toBe(true);
      }
      expect(task.facts.some((f) => f.alternative !== undefined && f.alternative !== f.value)).toBe(true);
      expect(task.entryRole).toBe('planner');
      for (const role of task.roles) {
        const refs = new Set<string>();
        for (const s of task.plan) if (s.role === role.id) factRefs([s.action, s.when ?? null], refs);
        expect([...role.needs].sort(), role.id).toEqual([...refs].sort());
      }
      const roles = Object.fromEntries(task.roles.map((r) => [r.id, r]));
      expect(roles['planner']?.canFinish).toBe(true);
      expect(roles['executor']?.canFinish).toBe(false);
      expect(roles['executor']?.tools.some((t) => family.world.tools[t]?.readOnly === false)).toBe(true);
      for (const id of ['planner', 'reviewer'])
        expect(
          roles[id]?.tools.some((t) => family.world.tools[t]?.readOnly === false),
          id,
        ).toBe(false);
      // The deprecated endpoint and its documented replacement are both granted.
      for (const r of task.roles)
        for (const [tool, fallback] of Object.entries(family.world.fallbacks ?? {}))
          if (r.tools.includes(tool)) expect(r.tools).toContain(fallback);
      expect(task.roles.some((r) => Object.keys(family.world.fallbacks ?? {}).some((t) => r.tools.includes(t)))).toBe(
        true,
      );
      expect(
        task.plan.some((s) => s.action.type === 'tool' && Object.hasOwn(family.world.fallbacks ?? {}, s.action.tool)),
      ).toBe(true);
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
      // Small state objects.
      for (const service of SERVICES) expect(Object.keys(task.world[service]).length).toBeLessThanOrEqual(200);
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const distinct = (f: (t: Task<ApiState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    for (let i = 0; i < (tasks[0]?.facts.length ?? 0); i++)
      expect(
        distinct((t) => t.facts[i]?.value),
        `fact ${i}`,
      ).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });

  it('a retried refund without an idempotency key is a double refund the grade catches', (ctx) => {
    ctx.skip(family.id !== 'reconcile-refunds', `${envId}: only reconcile-refunds issues refunds`);
    env.reset({ seed: 5 });
    const task = teamStateOf(env)?.task as Task<ApiState>;
    const actions = planActions(task);
    const i = actions.findIndex((a) => a.type === 'tool' && a.tool === 'refunds_create');
    for (const a of actions.slice(0, i)) env.step(a);
    const refund = actions[i] as Extract<Action, { type: 'tool' }>;
    const keyless = { ...refund, args: { ...refund.args, idempotencyKey: '' } };
    env.step(keyless);
    const r = env.step(keyless);
    const ledger = teamStateOf(env)?.ledger ?? '';
    const at = task.constraints.findIndex((c) => c.id === 'never-twice');
    expect(ledger[at]).toBe('V');
    expect((r.info['event'] as StepEvent).ok).toBe(true);
  });
});
