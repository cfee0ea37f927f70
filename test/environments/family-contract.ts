/**
 * The contract every task family of every world meets, as shared tests: the oracle plan succeeds
 * on every seed (long-horizon, no errors, no collateral, no missing facts, no broken invariant);
 * finishing at once fails; every fact matters; the single-agent view works; the env checker
 * passes; a JSON snapshot mid-episode continues identically; the world's source uses no ambient
 * randomness or real time; the initial world misses the goal without violating anything; the
 * memoized generator agrees with the raw one and leaves the caller's stream alone. World test files call {@link familyContract} and add their own tests.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import { checkRegisteredEnv, formatReport } from '../../src/core/checker.js';
import { canonicalJson } from '../../src/core/canonical.js';
import type { Env, StepResult } from '../../src/core/env.js';
import type { Action } from '../../src/team/actions.js';
import type { Grade } from '../../src/team/ledger.js';
import { partialKnowledge, planActions, resolvePlanStep, type FactLookup } from '../../src/team/plan.js';
import type { StepEvent } from '../../src/team/events.js';
import { teamStateOf } from '../../src/team/team-env.js';
import type { Task, TaskFamily } from '../../src/team/world.js';
import { Rng } from '../../src/core/rng.js';
import { viaJson } from '../support/json.js';

/** One played episode. */
export interface Run<W> {
  readonly last: StepResult<unknown>;
  readonly events: StepEvent[];
  readonly task: Task<W>;
  readonly steps: number;
}

/** Resets the env on a seed and plays the plan with a fact lookup (all facts by default). */
export function play<W>(env: Env, seed: number, lookup?: (task: Task<W>) => FactLookup): Run<W> {
  env.reset({ seed });
  const task = teamStateOf(env)?.task as Task<W>;
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

/** What the contract needs to know about a family. */
export interface FamilyContractOptions<W> {
  readonly envId: string;
  readonly family: TaskFamily<W>;
  readonly seeds: readonly number[];
  /** The world's folder under `environments/`, scanned for ambient randomness. */
  readonly world: string;
  /** Fewest source files the world's folder must hold (guards the scan itself). */
  readonly minSourceFiles: number;
  /** Fewest facts a task must have. @defaultValue 1 */
  readonly minFacts?: number;
  /** The family's raw (unmemoized) generator, which `family.generate` memoizes. */
  readonly generate: (rng: Rng, seed: number) => Task<W>;
}

/** Declares the contract's tests (call inside a `describe`). */
export function familyContract<W>(options: FamilyContractOptions<W>): void {
  const { envId, family, seeds } = options;
  const env = make(envId);

  it('the initial world misses the goal without violating anything', () => {
    for (const seed of seeds.slice(0, 10)) {
      env.reset({ seed });
      const ledger = teamStateOf(env)?.ledger;
      expect(ledger, `seed ${seed}`).toContain('P');
      expect(ledger, `seed ${seed}`).not.toContain('V');
    }
  });

  it('the memoized generator agrees with the raw one, run after run, and never draws from its stream', () => {
    for (const seed of [0, 7, 31]) {
      const rng = Rng.fromSeed(seed).fork('task');
      const before = rng.state();
      const first = family.generate(rng, seed);
      expect(rng.state()).toEqual(before);
      expect(family.generate(rng, seed)).toBe(first);
      const fresh = options.generate(Rng.fromSeed(seed).fork('task').fork('generated-task'), seed);
      expect(fresh).not.toBe(first);
      expect(canonicalJson(fresh)).toBe(canonicalJson(first));
      expect(canonicalJson(options.generate(Rng.fromSeed(seed).fork('task').fork('generated-task'), seed))).toBe(
        canonicalJson(fresh),
      );
      // Tasks are plain data: a JSON round trip changes nothing.
      expect(canonicalJson(JSON.parse(JSON.stringify(fresh)))).toBe(canonicalJson(fresh));
    }
  });

  it('the oracle plan succeeds on every seed: 30+ steps, 3+ handoffs, no errors, no collateral', () => {
    const lengths: number[] = [];
    for (const seed of seeds) {
      const run = play<W>(env, seed);
      const where = `${envId} seed ${seed}`;
      const grade = run.last.info['grade'] as Grade;
      expect(run.last.terminated, where).toBe(true);
      expect(grade.success, `${where}: violated ${grade.violated.join(', ')}`).toBe(true);
      expect(grade.collateral, where).toEqual([]);
      expect(
        run.events.filter((e) => !e.ok).map((e) => e.error),
        where,
      ).toEqual([]);
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
    for (const seed of seeds) {
      env.reset({ seed });
      const r = env.step({ type: 'finish', status: 'done', answer: 'Done.' });
      const grade = r.info['grade'] as Grade;
      expect(grade.success, `seed ${seed}`).toBe(false);
      expect(grade.violated.length).toBeGreaterThan(0);
    }
  });

  it('every fact matters: with one fact replaced by its guess, a constraint depending on it fails', () => {
    env.reset({ seed: seeds[0] ?? 0 });
    const facts = teamStateOf(env)!.task.facts.map((f) => f.id);
    expect(facts.length).toBeGreaterThanOrEqual(options.minFacts ?? 1);
    for (const factId of facts) {
      let hurt = 0;
      for (const seed of seeds) {
        const run = play<W>(env, seed, (task) =>
          partialKnowledge(task.facts, new Map(task.facts.filter((f) => f.id !== factId).map((f) => [f.id, f.value]))),
        );
        const grade = run.last.info['grade'] as Grade;
        const dependent = new Set(run.task.constraints.filter((c) => c.facts.includes(factId)).map((c) => c.id));
        expect(dependent.size, `no constraint depends on ${factId}`).toBeGreaterThan(0);
        if (grade.violated.some((id) => dependent.has(id))) hurt++;
      }
      expect(hurt, `${factId} hurt on ${hurt}/${seeds.length} seeds`).toBeGreaterThanOrEqual(
        Math.ceil(seeds.length * 0.9),
      );
    }
  });

  it('the single-agent view of the oracle plan succeeds too', () => {
    for (const seed of seeds.slice(0, 5)) {
      env.reset({ seed, options: { view: 'single' } });
      const task = teamStateOf(env)?.task as Task<W>;
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
    const actions = planActions(teamStateOf(env)?.task as Task<W>);
    const half = Math.floor(actions.length / 2);
    for (const a of actions.slice(0, half)) env.step(a);
    const snap = viaJson(env.snapshot());
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

  it('use no ambient randomness or real time', () => {
    const root = join(import.meta.dirname, '../../environments', options.world);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(options.minSourceFiles);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(
        /Math\.random|Date\.now|new Date\b|setTimeout|setInterval|performance\.now|from 'node:crypto'|from 'crypto'/,
      );
    }
  });
}
