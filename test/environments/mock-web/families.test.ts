import { describe, expect, it } from 'vitest';
import { familyContract } from '../family-contract.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import {
  MOCK_WEB_FAMILIES,
  generateCompareProducts,
  generateResearchReport,
  type WebState,
} from '../../../environments/mock-web/index.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

registerTaskFamilies(MOCK_WEB_FAMILIES);
registerTaskFamilies(MOCK_WEB_FAMILIES); // idempotent

const SEEDS = seeds(25, 50);
const envIdOf = (f: TaskFamily<WebState>) => `mock-web/${f.id}-v${f.version}`;
const RAW: Record<string, (rng: Rng, seed: number) => Task<WebState>> = {
  'research-report': generateResearchReport,
  'compare-products': generateCompareProducts,
};

describe.each(MOCK_WEB_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  familyContract<WebState>({
    envId,
    family,
    seeds: SEEDS,
    world: 'mock-web',
    minSourceFiles: 5,
    minFacts: 5,
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
      // The user states every fact value, except those the plan reads off the world.
      const learned = new Set(task.plan.flatMap((s) => (s.learn ?? []).map((l) => l.fact)));
      expect(learned.size).toBeGreaterThan(0);
      expect(factsInText(task.facts, task.request).sort()).toEqual([...ids].filter((id) => !learned.has(id)).sort());
      // Some learned fact has a secondary and an authoritative source, and the request names the latter.
      const verified = task.plan.filter((s) => s.verification && s.learn?.length);
      expect(verified.length).toBeGreaterThan(0);
      for (const v of verified) {
        const id = v.learn?.[0]?.fact;
        expect(task.plan.some((s) => !s.verification && s.learn?.some((l) => l.fact === id))).toBe(true);
      }
      // The request names the authoritative source: by URL, or as "the maker's official pricing page" when naming it would give the answer away.
      const named = verified.some((v) =>
        task.request.includes((v.action as unknown as { args: { url: string } }).args.url),
      );
      expect(named || /official pricing page.*(authoritative|own page wins)/.test(task.request), task.request).toBe(
        true,
      );
      // Every learned fact has two sources, so a fault on one read never loses it; one fact per read.
      for (const id of learned)
        expect(task.plan.filter((s) => s.learn?.some((l) => l.fact === id)).length, id).toBeGreaterThanOrEqual(2);
      for (const s of task.plan) expect(s.learn?.length ?? 0).toBeLessThanOrEqual(1);
      // Fault sites are found by (tool, nth) because page arguments are URLs, not paths: secondary
      // sources are read with another tool than the authoritative ones, so a data fault that stays
      // on a secondary source never reaches an authoritative one.
      const toolOf = (s: (typeof task.plan)[number]) => (s.action.type === 'tool' ? s.action.tool : '');
      const secondaryTools = new Set(task.plan.filter((s) => s.learn?.length && !s.verification).map(toolOf));
      for (const v of verified) expect(secondaryTools.has(toolOf(v)), toolOf(v)).toBe(false);
      expect(task.facts.some((f) => f.alternative !== undefined)).toBe(true);
      for (const f of task.facts) {
        expect(f.guess, f.id).not.toBe(f.value);
        expect(
          task.constraints.some((c) => c.facts.includes(f.id)),
          `fact ${f.id} is used by no constraint`,
        ).toBe(true);
      }
      expect(task.entryRole).toBe('planner');
      for (const role of task.roles) {
        const refs = new Set<string>();
        for (const s of task.plan) if (s.role === role.id) factRefs([s.action, s.when ?? null], refs);
        expect([...role.needs].sort(), role.id).toEqual([...refs].sort());
      }
      const roles = Object.fromEntries(task.roles.map((r) => [r.id, r]));
      expect(roles['planner']?.canFinish).toBe(true);
      expect(roles['executor']?.canFinish).toBe(false);
      expect(roles['executor']?.tools).toEqual(expect.arrayContaining(['write_report']));
      for (const r of ['planner', 'reviewer'])
        expect(
          roles[r]?.tools.some((t) => family.world.tools[t]?.readOnly === false),
          r,
        ).toBe(false);
      // Every role that opens pages has the documented fallback too.
      for (const role of task.roles) expect(role.tools).toEqual(expect.arrayContaining(['open_page', 'open_cached']));
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
    }
  });

  it('the initial world is small and misses the goal without breaking an invariant', () => {
    for (const task of tasks) {
      expect(Object.keys(task.world.sites).length).toBeLessThanOrEqual(200);
      for (const site of Object.values(task.world.sites))
        expect(Object.keys(site.pages).length).toBeLessThanOrEqual(200);
      expect(task.world.report.sections.length).toBe(1);
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const distinct = (f: (t: Task<WebState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    expect(distinct((t) => t.facts[0]?.value)).toBeGreaterThan(SEEDS.length * 0.6);
    for (let i = 1; i < (tasks[0]?.facts.length ?? 0); i++)
      expect(
        distinct((t) => t.facts[i]?.value),
        `fact ${i}`,
      ).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });
});
