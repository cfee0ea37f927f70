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
import { FILESYSTEM_FAMILIES, analyzeProject, generateRenameSymbol, generateSplitModule, lintProject, registerFilesystemEnvs } from '../../../environments/filesystem/index.js';
import type { FsDir, FsState } from '../../../environments/filesystem/state.js';

registerFilesystemEnvs();
registerFilesystemEnvs(); // idempotent

const SEEDS = Array.from({ length: 50 }, (_, i) => i);
const envIdOf = (f: TaskFamily<FsState>) => `filesystem/${f.id}-v${f.version}`;

interface Run {
  readonly last: StepResult<unknown>;
  readonly events: StepEvent[];
  readonly task: Task<FsState>;
  readonly steps: number;
}

/** Resets the env on a seed and plays the plan with a fact lookup (all facts by default). */
function play(env: Env, seed: number, lookup?: (task: Task<FsState>) => FactLookup): Run {
  env.reset({ seed });
  const task = teamStateOf(env)?.task as Task<FsState>;
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

function walkDirs(dir: FsDir, visit: (d: FsDir) => void): void {
  visit(dir);
  for (const d of Object.values(dir.dirs)) walkDirs(d, visit);
}

describe.each(FILESYSTEM_FAMILIES.map((f) => [envIdOf(f), f] as const))('%s', (envId, family) => {
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
      // Every handoff carries every fact the receiver still needs.
      for (const e of run.events) if (e.handoff) expect(e.handoff.missing, where).toEqual([]);
      // The oracle never breaks an invariant, at any step.
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

  it('tasks have a rich intent ledger, facts stated in the request, and well-formed roles', () => {
    for (const task of tasks) {
      const ids = new Set(task.facts.map((f) => f.id));
      expect(task.constraints.length).toBeGreaterThanOrEqual(5);
      expect(task.constraints.some((c) => c.late)).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'invariant')).toBe(true);
      expect(task.constraints.some((c) => c.scope === 'goal')).toBe(true);
      expect(task.constraints.filter((c) => c.kind === 'no-collateral')).toHaveLength(1);
      // Tests and lint are process sub-goals: a team can meet them and still miss the intent.
      expect(task.constraints.filter((c) => c.subgoal).map((c) => c.kind).sort()).toEqual(['lint-clean', 'tests-pass']);
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
        expect(task.constraints.some((c) => c.facts.includes(f.id)), `fact ${f.id} is used by no constraint`).toBe(true);
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
      walkDirs(task.world.root, (d) => expect(Object.keys(d.dirs).length + Object.keys(d.files).length).toBeLessThanOrEqual(200));
    }
    for (const seed of SEEDS.slice(0, 10)) {
      env.reset({ seed });
      const state = teamStateOf(env);
      expect(state?.ledger).toContain('P');
      expect(state?.ledger).not.toContain('V');
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const raw = family.id === 'rename-symbol' ? generateRenameSymbol : generateSplitModule;
    for (const seed of [0, 7, 31]) {
      // The family memoizes tasks; the raw generator must agree with it, run after run.
      const rng = Rng.fromSeed(seed).fork('task');
      const before = rng.state();
      const first = family.generate(rng, seed);
      expect(rng.state()).toEqual(before);
      expect(family.generate(rng, seed)).toBe(first);
      expect(canonicalJson(first)).toBe(canonicalJson(tasks[seed]));
      const fresh = raw(Rng.fromSeed(seed).fork('task').fork('generated-task'), seed);
      expect(fresh).not.toBe(first);
      expect(canonicalJson(fresh)).toBe(canonicalJson(tasks[seed]));
      expect(canonicalJson(raw(Rng.fromSeed(seed).fork('task').fork('generated-task'), seed))).toBe(canonicalJson(fresh));
    }
    const distinct = (f: (t: Task<FsState>) => unknown) => new Set(tasks.map((t) => canonicalJson(f(t)))).size;
    expect(distinct((t) => t.request)).toBe(SEEDS.length);
    expect(distinct((t) => t.world)).toBe(SEEDS.length);
    expect(distinct((t) => t.facts[0]?.value)).toBeGreaterThan(SEEDS.length * 0.6);
    for (const i of [1, 2, 3, 4]) expect(distinct((t) => t.facts[i]?.value), `fact ${i}`).toBeGreaterThan(3);
    expect(distinct((t) => t.plan.length)).toBeGreaterThan(3);
    expect(distinct((t) => t.constraints.map((c) => c.params))).toBe(SEEDS.length);
  });

  it('the single-agent view of the oracle plan succeeds too', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      env.reset({ seed, options: { view: 'single' } });
      const task = teamStateOf(env)?.task as Task<FsState>;
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
    const actions = planActions(teamStateOf(env)?.task as Task<FsState>);
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

describe('filesystem environment sources', () => {
  it('use no ambient randomness or real time', () => {
    const root = join(import.meta.dirname, '../../../environments/filesystem');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/Math\.random|Date\.now|new Date\b|setTimeout|setInterval|performance\.now|from 'node:crypto'|from 'crypto'/);
    }
  });
});
