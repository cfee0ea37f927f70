import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../../src/core/registry.js';
import { checkRegisteredEnv, formatReport } from '../../../src/core/checker.js';
import { Rng } from '../../../src/core/rng.js';
import { canonicalJson } from '../../../src/core/canonical.js';
import type { Env, StepResult } from '../../../src/core/env.js';
import type { Action } from '../../../src/team/actions.js';
import { factsInText } from '../../../src/team/handoff-audit.js';
import type { Grade } from '../../../src/team/ledger.js';
import { partialKnowledge, planActions, resolvePlanStep, type FactLookup } from '../../../src/team/plan.js';
import type { StepEvent } from '../../../src/team/events.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import { factRefs, type Task, type TaskFamily } from '../../../src/team/world.js';
import { MOCK_WEB_FAMILIES, generateCompareProducts, generateResearchReport, registerMockWebEnvs, type WebState } from '../../../environments/mock-web/index.js';

registerMockWebEnvs();
registerMockWebEnvs(); // idempotent

const SEEDS = Array.from({ length: 50 }, (_, i) => i);
const envIdOf = (f: TaskFamily<WebState>) => `mock-web/${f.id}-v${f.version}`;
const RAW: Record<string, (rng: Rng, seed: number) => Task<WebState>> = { 'research-report': generateResearchReport, 'compare-products': generateCompareProducts };

interface Run {
  readonly last: StepResult<unknown>;
  readonly events: StepEvent[];
  readonly task: Task<WebState>;
  readonly steps: number;
}

/** Resets the env on a seed and plays the plan with a fact lookup (all facts by default). */
function play(env: Env, seed: number, lookup?: (task: Task<WebState>) => FactLookup): Run {
  env.reset({ seed });
  const task = teamStateOf(env)?.task as Task<WebState>;
  const actions: Action[] = lookup
    ? task.plan.map((s) => resolvePlanStep(s, lookup(task))).filter((a): a is Action => a !== null)
    : planActions(task);
  const events: StepEvent[] = [];
  let last: StepResult<unknown> | undefined;
  for (const a of actions) {
    last = env.step(a);
    events.push(last.info['event'] as StepEvent);
    if (last.terminated || last.truncated) break;
  }
  return { last: last as StepResult<unknown>, events, task, steps: events.length };
}

describe.each(MOCK_WEB_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
  const env = make(envId);
  const tasks = SEEDS.map((seed) => family.generate(Rng.fromSeed(seed).fork('task'), seed));

  it('the oracle plan succeeds on every seed: 30+ steps, 3+ handoffs, no errors, no collateral', () => {
    const lengths: number[] = [];
    for (const seed of SEEDS) {
      const run = play(env, seed);
      const where = `${envId} seed ${seed}`;
      const grade = run.last.info['grade'] as Grade;
      expect(run.last.terminated, where).toBe(true);
      expect(grade.success, `${where}: violated ${grade.violated.join(', ')}`).toBe(true);
      expect(grade.collateral, where).toEqual([]);
      expect(run.events.filter((e) => !e.ok).map((e) => e.error), where).toEqual([]);
      expect(run.steps, where).toBeGreaterThanOrEqual(30);
      expect(run.events.filter((e) => e.kind === 'handoff').length, where).toBeGreaterThanOrEqual(3);
      expect(run.steps, where).toBeLessThanOrEqual(family.maxEpisodeSteps / 2);
      for (const e of run.events) if (e.handoff) expect(e.handoff.missing, where).toEqual([]);
      const invariants = run.task.constraints.map((c, i) => (c.scope === 'invariant' ? i : -1)).filter((i) => i >= 0);
      for (const e of run.events) for (const i of invariants) expect(e.ledger[i], `${where} step ${e.step}`).toBe('S');
      lengths.push(run.steps);
    }
    expect(new Set(lengths).size).toBeGreaterThan(3);
  });

  it('a team that finishes at once fails on every seed', () => {
    for (const seed of SEEDS) {
      env.reset({ seed });
      const r = env.step({ type: 'finish', status: 'done', answer: 'Done.' });
      const grade = r.info['grade'] as Grade;
      expect(grade.success, `seed ${seed}`).toBe(false);
      expect(grade.violated.length).toBeGreaterThan(0);
    }
  });

  it('every fact matters: with one fact replaced by its guess, a constraint depending on it fails', () => {
    const facts = tasks[0]?.facts.map((f) => f.id) ?? [];
    expect(facts.length).toBeGreaterThanOrEqual(5);
    for (const factId of facts) {
      let hurt = 0;
      for (const seed of SEEDS) {
        const run = play(env, seed, (task) => partialKnowledge(task.facts, new Map(task.facts.filter((f) => f.id !== factId).map((f) => [f.id, f.value]))));
        const grade = run.last.info['grade'] as Grade;
        const dependent = new Set(run.task.constraints.filter((c) => c.facts.includes(factId)).map((c) => c.id));
        expect(dependent.size, `no constraint depends on ${factId}`).toBeGreaterThan(0);
        if (grade.violated.some((id) => dependent.has(id))) hurt++;
      }
      expect(hurt, `${factId} hurt on ${hurt}/${SEEDS.length} seeds`).toBeGreaterThanOrEqual(Math.ceil(SEEDS.length * 0.9));
    }
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
      const named = verified.some((v) => task.request.includes((v.action as unknown as { args: { url: string } }).args.url));
      expect(named || /official pricing page.*(authoritative|own page wins)/.test(task.request), task.request).toBe(true);
      // Every learned fact has two sources, so a fault on one read never loses it; one fact per read.
      for (const id of learned) expect(task.plan.filter((s) => s.learn?.some((l) => l.fact === id)).length, id).toBeGreaterThanOrEqual(2);
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
        expect(task.constraints.some((c) => c.facts.includes(f.id)), `fact ${f.id} is used by no constraint`).toBe(true);
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
      for (const r of ['planner', 'reviewer']) expect(roles[r]?.tools.some((t) => family.world.tools[t]?.readOnly === false), r).toBe(false);
      // Every role that opens pages has the documented fallback too.
      for (const role of task.roles) expect(role.tools).toEqual(expect.arrayContaining(['open_page', 'open_cached']));
      expect(task.plan.some((s) => s.when !== undefined)).toBe(true);
    }
  });

  it('the initial world is small and misses the goal without breaking an invariant', () => {
    for (const task of tasks) {
      expect(Object.keys(task.world.sites).length).toBeLessThanOrEqual(200);
      for (const site of Object.values(task.world.sites)) expect(Object.keys(site.pages).length).toBeLessThanOrEqual(200);
      expect(task.world.report.sections.length).toBe(1);
    }
    for (const seed of SEEDS.slice(0, 10)) {
      env.reset({ seed });
      const state = teamStateOf(env);
      expect(state?.ledger).toContain('P');
      expect(state?.ledger).not.toContain('V');
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const raw = RAW[family.id] as (rng: Rng, seed: number) => Task<WebState>;
    for (const seed of [0, 7, 31]) {
      const rng = Rng.fromSeed(seed).fork('task');
      const before = rng.state();
      const first = family.generate(rng, seed);
      expect(rng.state()).toEqual(before);
      expect(family.generate(rng, seed)).toBe(first);
      expect(canonicalJson(first)).toBe(canonicalJson(tasks[seed]));
      const fresh = raw(Rng.fromSeed(seed).fork('task').fork('generated-task'), seed);
      expect(fresh).not.toBe(first);
      expect(canonicalJson(fresh)).toBe(canonicalJson(tasks[seed]));
    }
    const distinct = (f: (t: Task<WebState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    expect(distinct((t) => t.facts[0]?.value)).toBeGreaterThan(SEEDS.length * 0.6);
    for (let i = 1; i < (tasks[0]?.facts.length ?? 0); i++) expect(distinct((t) => t.facts[i]?.value), `fact ${i}`).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });

  it('the single-agent view of the oracle plan succeeds too', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      env.reset({ seed, options: { view: 'single' } });
      const task = teamStateOf(env)?.task as Task<WebState>;
      let last: StepResult<unknown> | undefined;
      for (const a of planActions(task)) last = env.step(a);
      expect((last?.info['grade'] as Grade).success, `seed ${seed}`).toBe(true);
    }
  });

  it('passes the env checker', () => {
    const report = checkRegisteredEnv(envId);
    expect(report.passed, formatReport(report)).toBe(true);
  });

  it('survives a snapshot taken mid-episode', () => {
    env.reset({ seed: 3 });
    const actions = planActions(teamStateOf(env)?.task as Task<WebState>);
    const half = Math.floor(actions.length / 2);
    for (const a of actions.slice(0, half)) env.step(a);
    const snap = JSON.parse(JSON.stringify(env.snapshot()));
    const other = make(envId);
    other.restore(snap);
    let a: StepResult<unknown> | undefined;
    let b: StepResult<unknown> | undefined;
    for (const action of actions.slice(half)) {
      a = env.step(action);
      b = other.step(action);
    }
    expect(canonicalJson(b?.observation)).toBe(canonicalJson(a?.observation));
    expect((b?.info['grade'] as Grade).success).toBe(true);
  });
});

describe('mock-web environment sources', () => {
  it('use no ambient randomness or real time', () => {
    const root = join(import.meta.dirname, '../../../environments/mock-web');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/Math\.random|Date\.now|new Date\b|setTimeout|setInterval|performance\.now|from 'node:crypto'|from 'crypto'/);
    }
  });
});
