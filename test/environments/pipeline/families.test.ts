import { describe, expect, it } from 'vitest';
import { familyContract } from '../family-contract.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import {
  PIPELINE_FAMILIES,
  generateResearchToConfig,
  type PipelineState,
} from '../../../environments/pipeline/index.js';
import { analyzeProject } from '../../../environments/filesystem/runner.js';
import { lintProject } from '../../../environments/filesystem/linter.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

registerTaskFamilies(PIPELINE_FAMILIES);
registerTaskFamilies(PIPELINE_FAMILIES); // idempotent

const SEEDS = seeds(25, 50);
const envIdOf = (f: TaskFamily<PipelineState>) => `pipeline/${f.id}-v${f.version}`;
const RAW: Record<string, (rng: Rng, seed: number) => Task<PipelineState>> = {
  'research-to-config': generateResearchToConfig,
};

describe.each(PIPELINE_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  familyContract<PipelineState>({
    envId,
    family,
    seeds: SEEDS,
    world: 'pipeline',
    minSourceFiles: 5,
    minFacts: 5,
    generate: RAW[family.id]!,
  });

  it('tasks have a rich intent ledger over both worlds, facts stated in the request or learned, and roles at home in one world each', () => {
    for (const task of tasks) {
      const ids = new Set(task.facts.map((f) => f.id));
      expect(task.constraints.length).toBeGreaterThanOrEqual(5);
      expect(task.constraints.some((c) => c.late)).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'invariant')).toBe(true);
      expect(task.constraints.some((c) => c.subgoal)).toBe(true);
      expect(task.constraints.filter((c) => c.kind === 'no-collateral')).toHaveLength(1);
      // Constraints are decided by the project's checkers, the web's, and cross-world ones.
      const kinds = task.constraints.map((c) => c.kind);
      expect(kinds.some((k) => k.startsWith('fs:'))).toBe(true);
      expect(kinds.some((k) => k.startsWith('web:'))).toBe(true);
      expect(kinds).toContain('entry-from-source');
      for (const c of task.constraints) {
        expect(family.world.checkers[c.kind], c.kind).toBeDefined();
        for (const f of c.facts) expect(ids.has(f), `${c.id} depends on unknown fact ${f}`).toBe(true);
      }
      const learned = new Set(task.plan.flatMap((s) => (s.learn ?? []).map((l) => l.fact)));
      expect([...learned].sort()).toEqual(['price', 'spec1', 'spec2']);
      expect(factsInText(task.facts, task.request).sort()).toEqual([...ids].filter((id) => !learned.has(id)).sort());
      // Every learned fact has a secondary source and an authoritative one the request names.
      for (const id of learned) {
        const reads = task.plan.filter((s) => s.learn?.some((l) => l.fact === id));
        expect(reads.some((s) => s.verification)).toBe(true);
        expect(reads.some((s) => !s.verification)).toBe(true);
        for (const v of reads.filter((s) => s.verification))
          expect(task.request).toContain((v.action as unknown as { args: { url: string } }).args.url);
      }
      for (const f of task.facts) {
        expect(f.guess, f.id).not.toBe(f.value);
        expect(
          task.constraints.some((c) => c.facts.includes(f.id)),
          `fact ${f.id} is used by no constraint`,
        ).toBe(true);
      }
      expect(task.facts.some((f) => f.alternative !== undefined)).toBe(true);
      for (const role of task.roles) {
        const refs = new Set<string>();
        for (const s of task.plan) if (s.role === role.id) factRefs([s.action, s.when ?? null], refs);
        expect([...role.needs].sort(), role.id).toEqual([...refs].sort());
      }
      const roles = Object.fromEntries(task.roles.map((r) => [r.id, r]));
      expect(task.entryRole).toBe('researcher');
      expect(roles['researcher']?.canFinish).toBe(true);
      expect(roles['researcher']?.tools.every((t) => t.startsWith('web_'))).toBe(true);
      expect(roles['engineer']?.tools.every((t) => t.startsWith('fs_'))).toBe(true);
      expect(roles['reviewer']?.tools.some((t) => family.world.tools[t]?.readOnly === false)).toBe(false);
      // Each role that opens pages or searches files holds the documented fallback too.
      for (const role of task.roles) {
        for (const [tool, fallback] of Object.entries(family.world.fallbacks ?? {}))
          if (role.tools.includes(tool)) expect(role.tools, role.id).toContain(fallback);
      }
      expect(task.roles.some((r) => Object.keys(family.world.fallbacks ?? {}).some((t) => r.tools.includes(t)))).toBe(
        true,
      );
      // Each world's part of the plan is played by its own role.
      for (const s of task.plan)
        if (s.action.type === 'tool' && s.role !== 'reviewer')
          expect(s.action.tool.startsWith(s.role === 'researcher' ? 'web_' : 'fs_'), `${s.role} ${s.action.tool}`).toBe(
            true,
          );
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
    }
  });

  it('the initial project passes its tests and lint, and the initial state misses the goal without breaking an invariant', () => {
    for (const task of tasks) {
      expect(analyzeProject(task.world.fs).ok, task.id).toBe(true);
      expect(lintProject(task.world.fs).ok, task.id).toBe(true);
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const distinct = (f: (t: Task<PipelineState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
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
});
