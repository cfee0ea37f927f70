/**
 * The env checker: Gymnasium's `check_env` and PettingZoo's api/seed tests, adapted to seeded,
 * turn-based team worlds (see the reference study, section 3.6, checks D1–D20).
 *
 * {@link checkEnv} takes a *factory*, because determinism needs fresh instances. Every check is a
 * small function that drives the env through the public surface (`reset`, `step`, `sampleAction`,
 * `snapshot`, `restore`, `close`) with a seeded random policy and compares runs as canonical JSON.
 * A problem never throws out of the checker: it becomes a {@link CheckIssue} whose message gives
 * the actual value, what was expected, the likely fix and a reproduction (env id, seed, step).
 */
import * as z from 'zod';
import { canonicalJson } from './canonical.js';
import type { Env, EnvSnapshot, ResetArgs, StepResult } from './env.js';
import { InvalidArgumentError, describeValue } from './errors.js';
import { make, spec as specOf } from './registry.js';
import { Rng, deriveSeed, type Seed } from './rng.js';
import {
  EnvCallError,
  Roller,
  call,
  compareRecords,
  describeError,
  divergenceText,
  firstDifference,
  policySeed,
  type Divergence,
  type Rec,
  type RollerHooks,
} from './check-rollout.js';
import { cloneAction, nonJsonValue, resetProblems, stepProblems } from './check-values.js';
import { sandboxed, type AmbientHit } from './check-sandbox.js';
import { GARBAGE, mutateSampled } from './check-garbage.js';
import { CHECKS, ruleAnchor, ruleOf } from './check-rules.js';

export { nonJsonValue } from './check-values.js';
export { CHECKS, CHECK_RULES, type CheckKey, type CheckRule } from './check-rules.js';

/** One problem found by the checker. */
export interface CheckIssue {
  /** The check that found it, e.g. `D1 determinism`. */
  readonly check: string;
  /**
   * The actual value, what was expected, the likely fix and how to reproduce it; ends with the
   * rule id and its section of `docs/checks.md`, e.g. `(rule D1, docs/checks.md#d1)`.
   */
  readonly message: string;
}

/** The result of {@link checkEnv}. */
export interface CheckReport {
  /** The registered id of the env (null for an unregistered factory). */
  readonly envId: string | null;
  /** No errors (and, in strict mode, no warnings). */
  readonly passed: boolean;
  readonly errors: readonly CheckIssue[];
  readonly warnings: readonly CheckIssue[];
  /** The checks that ran, in order. */
  readonly checks: readonly string[];
}

/** Options of {@link checkEnv}. */
export interface CheckOptions {
  /** Seeds of the rollouts. @defaultValue [0, 123, 456] */
  readonly seeds?: readonly Seed[];
  /** Steps per rollout. @defaultValue 60 */
  readonly numSteps?: number;
  /**
   * Seeds compared by the seed-sensitivity check (D3); all but one must give distinct rollouts.
   * The default mixes small seeds and powers of two, so `seed % 10` or `seed & 0xffff` is caught.
   * @defaultValue [0, 1, 10, 100, 1000, 65536, 2147483648]
   */
  readonly sensitivitySeeds?: readonly Seed[];
  /** Stub ambient randomness and real time during reset/step (D8). @defaultValue true */
  readonly sandbox?: boolean;
  /** Checks to skip, by id or id prefix (e.g. `'D8'`). @defaultValue [] */
  readonly skip?: readonly string[];
  /** Count warnings as failures. @defaultValue false */
  readonly strict?: boolean;
}

type AnyEnv = Env<unknown, unknown>;

// ---------------------------------------------------------------------------------------------
// Options

const SeedSchema = z.number().int().min(0).max(0xffff_ffff);
const CheckOptionsSchema = z
  .object({
    seeds: z.array(SeedSchema).min(1).max(64).optional(),
    numSteps: z.number().int().min(2).max(100_000).optional(),
    sensitivitySeeds: z.array(SeedSchema).min(2).max(256).optional(),
    sandbox: z.boolean().optional(),
    skip: z.array(z.string()).optional(),
    strict: z.boolean().optional(),
  })
  .strict();

const DEFAULT_SEEDS: readonly Seed[] = [0, 123, 456];
const DEFAULT_SENSITIVITY_SEEDS: readonly Seed[] = [0, 1, 10, 100, 1000, 65536, 2147483648];
const MAX_ISSUES_PER_CHECK = 8;

interface Ctx {
  readonly factory: () => AnyEnv;
  readonly envId: string | null;
  readonly maxEpisodeSteps: number | null;
  readonly orderEnforced: boolean;
  readonly seeds: readonly Seed[];
  readonly sensitivitySeeds: readonly Seed[];
  readonly numSteps: number;
  readonly sandbox: boolean;
  readonly skip: readonly string[];
  readonly errors: CheckIssue[];
  readonly warnings: CheckIssue[];
  readonly ran: string[];
  /** Checks that reported at least one error. */
  readonly failed: Set<string>;
  /** Set when the env cannot even be reset: the other checks would only repeat that error. */
  fatal: boolean;
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Checks an env for the contract and the determinism properties the library promises. Never
 * throws for anything the env does; throws {@link InvalidArgumentError} only for bad options.
 *
 * @param factory - returns a fresh, un-reset env on every call (e.g. `() => make(id)`)
 */
export function checkEnv(factory: () => AnyEnv, options: CheckOptions = {}): CheckReport {
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(
      'checkEnv(factory)',
      factory,
      'a function returning a fresh env',
      'pass () => make("world/family-v1")',
    );
  }
  const parsed = CheckOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `checkEnv(options${issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''})`;
    throw new InvalidArgumentError(
      field,
      options,
      issue?.message ?? 'valid check options',
      'see CheckOptions: { seeds, numSteps, sensitivitySeeds, sandbox, skip, strict }',
    );
  }
  const o = parsed.data;
  let probe: AnyEnv | null = null;
  const errors: CheckIssue[] = [];
  try {
    probe = factory();
  } catch (e) {
    errors.push(
      issue(
        CHECKS.api,
        `The factory threw ${describeError(e)}. Expected: a fresh env on every call. Likely fix: make the factory a plain () => make(id) or () => new ModelEnv(model).`,
      ),
    );
  }
  if (probe === null || typeof probe !== 'object') {
    if (errors.length === 0)
      errors.push(
        issue(
          CHECKS.api,
          `The factory returned ${describeValue(probe)}. Expected: an Env object. Likely fix: return make(id) or new ModelEnv(model).`,
        ),
      );
    return { envId: null, passed: false, errors, warnings: [], checks: [CHECKS.api] };
  }
  const spec = probe.spec ?? null;
  const ctx: Ctx = {
    factory,
    envId: spec?.id ?? null,
    maxEpisodeSteps: spec?.maxEpisodeSteps ?? null,
    orderEnforced: spec?.orderEnforce ?? false,
    seeds: o.seeds ?? DEFAULT_SEEDS,
    sensitivitySeeds: o.sensitivitySeeds ?? DEFAULT_SENSITIVITY_SEEDS,
    numSteps: o.numSteps ?? 60,
    sandbox: o.sandbox ?? true,
    skip: o.skip ?? [],
    errors,
    warnings: [],
    ran: [],
    failed: new Set(),
    fatal: false,
  };
  safeClose(probe);

  runCheck(ctx, CHECKS.api, checkApiContract);
  // Without a working reset there is nothing more to learn: every other check would repeat it.
  if (!ctx.fatal) {
    runCheck(ctx, CHECKS.determinism, checkDeterminism);
    runCheck(ctx, CHECKS.interleaving, checkInterleaving);
    runCheck(ctx, CHECKS.seedSensitivity, checkSeedSensitivity);
    runCheck(ctx, CHECKS.unseededReset, checkUnseededReset);
    runCheck(ctx, CHECKS.resetHygiene, checkResetHygiene);
    runCheck(ctx, CHECKS.pureTransition, checkPureTransition);
    runCheck(ctx, CHECKS.snapshot, checkSnapshotRestore);
    if (ctx.sandbox) runCheck(ctx, CHECKS.ambient, checkAmbientNondeterminism);
    runCheck(ctx, CHECKS.observerPurity, checkObserverPurity);
    runCheck(ctx, CHECKS.boundaries, checkEpisodeBoundaries);
    runCheck(ctx, CHECKS.garbage, checkGarbageActions);
  }
  const passed = ctx.errors.length === 0 && (!o.strict || ctx.warnings.length === 0);
  return { envId: ctx.envId, passed, errors: ctx.errors, warnings: ctx.warnings, checks: ctx.ran };
}

/** Checks a registered env: `checkEnv(() => make(id), options)`. Throws for an unknown id. */
export function checkRegisteredEnv(id: string, options: CheckOptions = {}): CheckReport {
  const resolved = specOf(id).id;
  return checkEnv(() => make(resolved), options);
}

/** Renders a report as plain text: a summary line, then one line per issue (for the CLI and test failures). */
export function formatReport(report: CheckReport): string {
  const lines = [
    `${report.passed ? 'pass' : 'FAIL'}  ${report.envId ?? '(unregistered env)'} — ${report.checks.length} checks, ${report.errors.length} errors, ${report.warnings.length} warnings`,
  ];
  for (const e of report.errors) lines.push(`  error   [${e.check}] ${e.message}`);
  for (const w of report.warnings) lines.push(`  warning [${w.check}] ${w.message}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Check plumbing

/** True when `options.skip` names the check by its id or its prefix (`'D1'` skips D1 only, not D11). */
function skipped(ctx: Ctx, id: string): boolean {
  return ctx.skip.some((s) => id === s || id.startsWith(`${s} `));
}

function runCheck(ctx: Ctx, id: string, check: (ctx: Ctx) => void): void {
  if (skipped(ctx, id)) return;
  ctx.ran.push(id);
  try {
    check(ctx);
  } catch (e) {
    if (e instanceof EnvCallError) {
      error(
        ctx,
        id,
        `${e.call} threw ${describeError(e.original)}. Expected: ${expectationOf(e.call)}. Likely fix: the frame in parentheses is where the env threw.`,
        e.seed,
        e.step,
      );
    } else {
      if (id === CHECKS.api) ctx.fatal = true;
      error(
        ctx,
        id,
        `the check could not run: ${describeError(e)}. This is likely an env returning values of the wrong shape; run the ${CHECKS.api} check first.`,
        null,
        0,
      );
    }
  }
}

/** What should have happened instead of an env call throwing. */
function expectationOf(call: string): string {
  if (call.startsWith('step'))
    return 'step() never throws: whatever the action, it returns an observation (an error observation for bad actions)';
  if (call.startsWith('sampleAction'))
    return 'sampleAction(rng) returns a valid-looking action in every reachable state (e.g. for a role without tools)';
  if (call.startsWith('reset')) return 'reset with a valid seed always starts an episode';
  if (call.includes('snapshot') || call.includes('restore')) return 'snapshot() and restore() work at every step';
  if (call.includes('transition') || call.includes('observe')) return 'the model functions are total and pure';
  return 'no exception from the env on valid use';
}

/**
 * An issue whose message ends with its rule id and where the rule is documented, plus the rule's
 * general fix when the message gives no specific one, so a message read alone says what to do.
 */
function issue(check: string, message: string): CheckIssue {
  const rule = ruleOf(check);
  if (!rule) return { check, message };
  const fix = /Likely fix:/.test(message) ? '' : ` Fix: ${rule.fix}`;
  return { check, message: `${message}${fix} (rule ${rule.id}, ${ruleAnchor(rule)})` };
}

function push(list: CheckIssue[], check: string, message: string): void {
  const count = list.filter((i) => i.check === check).length;
  if (count < MAX_ISSUES_PER_CHECK) list.push(issue(check, message));
  else if (count === MAX_ISSUES_PER_CHECK)
    list.push(issue(check, `(further ${check} issues omitted; fix the ones above and run the checker again.)`));
}

function error(ctx: Ctx, check: string, message: string, seed: Seed | null, step: number | null, extra = ''): void {
  ctx.failed.add(check);
  push(ctx.errors, check, `${message} ${reproduction(ctx, seed, step, extra)}`);
}

function warn(ctx: Ctx, check: string, message: string, seed: Seed | null = null, step: number | null = null): void {
  push(ctx.warnings, check, seed === null ? message : `${message} ${reproduction(ctx, seed, step, '')}`);
}

function envRef(ctx: Ctx): string {
  return ctx.envId ? `make("${ctx.envId}")` : 'the env from your factory (unregistered)';
}

function reproduction(ctx: Ctx, seed: Seed | null, step: number | null, extra: string): string {
  if (seed === null) return `Reproduce: ${envRef(ctx)}${ctx.envId ? ` (faultline check ${ctx.envId})` : ''}.`;
  const steps =
    step === null || step === 0
      ? ''
      : `, then step ${step} of actions from env.sampleAction(Rng.fromSeed(${policySeed(seed)})), resetting with { seed: ${seed} } whenever an episode ends`;
  return `Reproduce: ${envRef(ctx)}, reset({ seed: ${seed} })${steps}${extra}.`;
}

function safeClose(env: AnyEnv): void {
  try {
    env.close();
  } catch {
    // The close check reports this; here we only release the instance.
  }
}

function fresh(ctx: Ctx): AnyEnv {
  return call('the factory', null, 0, ctx.factory);
}

// ---------------------------------------------------------------------------------------------
// Rollouts

const DETERMINISM_FIX =
  'take every random draw from the RNG state inside the env state (Rng.fromState(state.rng), rng.fork(label)), keep no state outside it, and use the virtual clock instead of real time';

function actionFix(d: Divergence, otherwise: string): string {
  return d.field === 'action'
    ? 'sampleAction must draw only from the rng it is given and read only the current state'
    : otherwise;
}

// ---------------------------------------------------------------------------------------------
// The checks

/**
 * API contract (Gymnasium `check_reset_return_type`, passive checker): the factory gives fresh
 * instances; `reset({ seed })` returns an observation and an info object and records the seed;
 * `reset({ options: {} })` works; every step returns an observation, a finite reward, boolean
 * flags and an info object. Also runs D11: observations and info hold only canonical JSON values.
 */
function checkApiContract(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  let a: AnyEnv;
  let b: AnyEnv;
  try {
    a = ctx.factory();
    b = ctx.factory();
  } catch (e) {
    ctx.fatal = true;
    error(
      ctx,
      CHECKS.api,
      `The factory threw ${describeError(e)} on its second call. Expected: a fresh env on every call.`,
      null,
      null,
    );
    return;
  }
  if (a === b)
    error(
      ctx,
      CHECKS.api,
      'The factory returned the same instance twice. Expected: a fresh env on every call (the determinism checks compare independent instances). Likely fix: construct the env inside the factory.',
      null,
      null,
    );
  safeClose(b);
  if (a.spec === null || a.spec === undefined)
    warn(
      ctx,
      CHECKS.api,
      `env.spec is null, so reports and reproductions cannot name an env id. Likely fix: register the env and check it with checkRegisteredEnv(id).`,
    );

  let reset: unknown;
  try {
    reset = a.reset({ seed });
  } catch (e) {
    ctx.fatal = true;
    error(
      ctx,
      CHECKS.api,
      `reset({ seed: ${seed} }) threw ${describeError(e)}. Expected: { observation, info }. Likely fix: check parseOptions/initial of the model.`,
      null,
      null,
    );
    return;
  }
  const problems = resetProblems(reset);
  for (const p of problems) error(ctx, CHECKS.api, `${p}.`, seed, 0);
  if (problems.length > 0) {
    ctx.fatal = true;
    return;
  }
  if (a.seed !== seed)
    warn(
      ctx,
      CHECKS.api,
      `env.seed is ${describeValue(a.seed)} after reset({ seed: ${seed} }); expected ${seed}, so that every episode records its seed.`,
      seed,
      0,
    );
  canonicalProblem(ctx, 'the reset observation', (reset as { observation?: unknown })?.observation, seed, 0);
  canonicalProblem(ctx, 'the reset info', (reset as { info?: unknown })?.info, seed, 0);
  try {
    a.reset({ seed, options: {} });
  } catch (e) {
    error(
      ctx,
      CHECKS.api,
      `reset({ seed: ${seed}, options: {} }) threw ${describeError(e)}. Expected: empty options mean the defaults (Gymnasium check_reset_options). Likely fix: give every option a default in parseOptions.`,
      seed,
      0,
    );
  }
  try {
    a.reset({ seed: -1 });
    warn(
      ctx,
      CHECKS.api,
      'reset({ seed: -1 }) was accepted. Expected: an InvalidArgumentError naming the seed, since seeds are uint32. Likely fix: validate with assertSeed.',
    );
  } catch {
    // Expected: a bad seed is rejected.
  }

  const roller = new Roller(a, seed);
  roller.reset();
  for (let i = 0; i < ctx.numSteps; i++) {
    if (roller.done) roller.reset();
    const action = call('sampleAction(rng)', seed, roller.steps, () => a.sampleAction(roller.policy));
    roller.steps++;
    const r = call('step(action)', seed, roller.steps, () => a.step(action));
    const bad = stepProblems(r);
    for (const p of bad)
      error(ctx, CHECKS.api, `${p}, for the sampled action ${describeValue(action)}.`, seed, roller.steps);
    if (bad.length > 0) {
      // The other checks compare step results; with malformed ones they would only repeat this.
      ctx.fatal = true;
      return;
    }
    canonicalProblem(ctx, 'the observation', r.observation, seed, roller.steps);
    canonicalProblem(ctx, 'the info', r.info, seed, roller.steps);
    roller.done = r.terminated || r.truncated;
  }
  safeClose(a);
}

function canonicalProblem(ctx: Ctx, what: string, value: unknown, seed: Seed, step: number): void {
  if (skipped(ctx, CHECKS.canonical)) return;
  if (!ctx.ran.includes(CHECKS.canonical)) ctx.ran.push(CHECKS.canonical);
  const p = nonJsonValue(value, what === 'the info' || what === 'the reset info' ? 'info' : 'observation');
  if (p && !ctx.errors.some((e) => e.check === CHECKS.canonical)) {
    error(
      ctx,
      CHECKS.canonical,
      `In ${what}, ${p}. Expected: plain JSON (objects, arrays, strings, finite numbers, booleans, null), because equality, digests and replay are defined on canonical JSON. Likely fix: convert Maps/Sets to sorted arrays, drop functions, replace NaN/Infinity.`,
      seed,
      step,
    );
  }
}

/**
 * D1 determinism (Gymnasium's rollout test, PettingZoo's seed_test): two fresh instances, the
 * same seed and the same seeded random policy give identical observations, rewards, flags and
 * info, compared as canonical JSON, over `numSteps` steps with a reset at every episode end.
 */
function checkDeterminism(ctx: Ctx): void {
  for (const seed of ctx.seeds) {
    const a = new Roller(fresh(ctx), seed);
    a.reset();
    a.run(ctx.numSteps);
    const b = new Roller(fresh(ctx), seed);
    b.reset();
    b.run(ctx.numSteps);
    const d = compareRecords(a.records, b.records);
    if (d) {
      error(
        ctx,
        CHECKS.determinism,
        `Two fresh instances reset with seed ${seed} diverge ${divergenceText(d)}. Expected: identical canonical JSON for the same seed and actions. Likely fix: ${actionFix(d, DETERMINISM_FIX)}.`,
        seed,
        d.step,
      );
    }
    safeClose(a.env);
    safeClose(b.env);
  }
}

/**
 * D2 interleaving independence: two instances stepped alternately (A, B, A, B …) must give the
 * same trajectories as when each runs alone. Catches module-level counters, caches and singletons.
 */
function checkInterleaving(ctx: Ctx): void {
  const [s1, s2] = twoSeeds(ctx);
  const soloA = new Roller(fresh(ctx), s1);
  const soloB = new Roller(fresh(ctx), s2);
  soloA.reset();
  soloA.run(ctx.numSteps);
  soloB.reset();
  soloB.run(ctx.numSteps);
  const mixA = new Roller(fresh(ctx), s1);
  const mixB = new Roller(fresh(ctx), s2);
  mixA.reset();
  mixB.reset();
  for (let i = 0; i < ctx.numSteps; i++) {
    mixA.next();
    mixB.next();
  }
  for (const [solo, mix] of [
    [soloA, mixA],
    [soloB, mixB],
  ] as const) {
    const d = compareRecords(solo.records, mix.records);
    if (d) {
      error(
        ctx,
        CHECKS.interleaving,
        `Stepping two instances (seeds ${s1} and ${s2}) in alternation changed the run with seed ${solo.seed}, compared with running it alone, ${divergenceText(d)}. Expected: instances are independent. Likely fix: move module-level state (counters, caches, id generators, memoized singletons, a shared "current env") into the env state.`,
        solo.seed,
        d.step,
        `, interleaved step by step with a second instance reset with seed ${solo.seed === s1 ? s2 : s1}`,
      );
      break;
    }
  }
  for (const r of [soloA, soloB, mixA, mixB]) safeClose(r.env);
}

function twoSeeds(ctx: Ctx): [Seed, Seed] {
  const s1 = ctx.seeds[0] as Seed;
  const s2 = ctx.seeds.find((s) => s !== s1) ?? deriveSeed(s1, 'checker', 'second');
  return [s1, s2];
}

/**
 * D3 seed sensitivity: among k seeds, all but one must give distinct rollouts (observations,
 * rewards, flags and actions; info is left out because it echoes the seed). The policy is the
 * same for every seed, so only the env's use of the seed can make the runs differ.
 */
function checkSeedSensitivity(ctx: Ctx): void {
  const steps = Math.min(ctx.numSteps, 20);
  const policy = deriveSeed(0, 'checker', 'sensitivity');
  const groups = new Map<string, Seed[]>();
  for (const seed of ctx.sensitivitySeeds) {
    const r = new Roller(fresh(ctx), seed, Rng.fromSeed(policy), 'stop');
    r.reset();
    r.run(steps);
    const fingerprint = r.records
      .map((rec) => {
        const { info: _info, ...rest } = JSON.parse(rec.json) as Record<string, unknown>;
        return canonicalJson(rest);
      })
      .join('\n');
    groups.set(fingerprint, [...(groups.get(fingerprint) ?? []), seed]);
    safeClose(r.env);
  }
  const k = ctx.sensitivitySeeds.length;
  if (groups.size < k - 1) {
    const same = [...groups.values()].filter((g) => g.length > 1).map((g) => `{${g.join(', ')}}`);
    error(
      ctx,
      CHECKS.seedSensitivity,
      `Only ${groups.size} distinct rollouts among ${k} seeds (the initial observation and ${steps} steps, same policy); these seeds give identical runs: ${same.join(', ')}. Expected: at least ${k - 1} distinct runs. Likely fix: derive the task and world from the seed passed to initial(seed) (Rng.fromSeed(seed).fork('task')), and never reduce it (seed % n, seed & mask).`,
      null,
      null,
    );
  }
}

/**
 * D4 unseeded reset (Gymnasium obs₂ = obs₄): `reset()` after `reset({ seed })` continues the
 * seed stream deterministically, across instances and after re-seeding the same instance.
 */
function checkUnseededReset(ctx: Ctx): void {
  const k = Math.min(ctx.numSteps, 10);
  for (const seed of ctx.seeds.slice(0, 2)) {
    const segment = (env: AnyEnv, args: ResetArgs<unknown>): Rec[] => {
      const r = new Roller(env, seed, Rng.fromSeed(policySeed(seed)), 'stop');
      r.reset(args);
      return r.run(k).records;
    };
    const a = fresh(ctx);
    const seeded1 = segment(a, { seed });
    const unseeded2 = segment(a, {});
    segment(a, { seed });
    const unseeded4 = segment(a, {});
    const b = fresh(ctx);
    segment(b, { seed });
    const unseededB = segment(b, {});
    const across = compareRecords(unseeded2, unseededB);
    if (across) {
      error(
        ctx,
        CHECKS.unseededReset,
        `reset() without a seed, after reset({ seed: ${seed} }) and ${k} steps, gives different episodes in two fresh instances, ${divergenceText(across)}. Expected: an unseeded reset continues the seed stream, so it is reproducible. Likely fix: never re-seed from entropy; derive the next episode seed from the stream started by the last seeded reset (ModelEnv does this).`,
        seed,
        null,
        `, ${k} steps of env.sampleAction(Rng.fromSeed(${policySeed(seed)})), then reset()${across.step > 0 ? ` and ${across.step} more steps with a new Rng.fromSeed(${policySeed(seed)})` : ''}`,
      );
    }
    const reseeded = compareRecords(unseeded2, unseeded4);
    if (reseeded && !across) {
      error(
        ctx,
        CHECKS.unseededReset,
        `After re-seeding the same instance with reset({ seed: ${seed} }), the following reset() gives a different episode than the first time, ${divergenceText(reseeded)}. Expected: reset({ seed }) restarts the seed stream (Gymnasium obs₂ = obs₄). Likely fix: store the stream state when a seed is given and let unseeded resets draw from it.`,
        seed,
        null,
      );
    }
    if (!across && compareRecords(seeded1, unseeded2) === null) {
      warn(
        ctx,
        CHECKS.unseededReset,
        `reset() without a seed replays exactly the episode of reset({ seed: ${seed} }). Expected: a new episode drawn from the seed stream.`,
        seed,
        0,
      );
    }
    safeClose(a);
    safeClose(b);
  }
}

/**
 * D5 reset hygiene: an episode with another seed followed by `reset({ seed: s })` equals a fresh
 * instance's `reset({ seed: s })` rollout. Catches caches and mocks that leak across episodes.
 */
function checkResetHygiene(ctx: Ctx): void {
  const [seed, other] = twoSeeds(ctx);
  const used = new Roller(fresh(ctx), other);
  used.reset();
  used.run(ctx.numSteps);
  const again = new Roller(used.env, seed);
  again.reset();
  again.run(ctx.numSteps);
  const clean = new Roller(fresh(ctx), seed);
  clean.reset();
  clean.run(ctx.numSteps);
  const d = compareRecords(clean.records, again.records);
  if (d) {
    error(
      ctx,
      CHECKS.resetHygiene,
      `After ${ctx.numSteps} steps with seed ${other}, reset({ seed: ${seed} }) on the same instance diverges from a fresh instance's reset({ seed: ${seed} }) ${divergenceText(d)}. Expected: a seeded reset forgets everything about earlier episodes. Likely fix: rebuild all episode state in initial(seed); caches, mocks and counters kept on the instance leak across episodes.`,
      seed,
      d.step,
      ` (on an instance that first ran ${ctx.numSteps} steps with seed ${other})`,
    );
  }
  safeClose(used.env);
  safeClose(clean.env);
}

interface ModelView {
  readonly state: unknown;
  readonly model: { observe(state: unknown): unknown; transition(state: unknown, action: unknown): unknown };
}

/** The pure model behind an env, when it is a ModelEnv (custom envs may not have one). */
function modelView(env: AnyEnv): ModelView | null {
  const inner = env.unwrapped as unknown as Partial<ModelView> | undefined;
  const model = inner?.model;
  if (!inner || !model || typeof model.observe !== 'function' || typeof model.transition !== 'function') return null;
  return inner as ModelView;
}

/**
 * D6 pure transition: `transition(state, action)` called twice gives identical results and
 * leaves `state` unchanged (canonical JSON before and after), at every step of a rollout.
 */
function checkPureTransition(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const env = fresh(ctx);
  if (!modelView(env)) {
    warn(
      ctx,
      CHECKS.pureTransition,
      'env.unwrapped has no pure model (model.transition), so transition purity was not checked.',
    );
    safeClose(env);
    return;
  }
  let reported = false;
  const hooks: RollerHooks = {
    beforeStep: (action, step) => {
      const view = modelView(env);
      if (reported || !view || view.state === null || view.state === undefined) return;
      const before = call('canonical JSON of the state', seed, step, () => canonicalJson(view.state));
      const t1 = call('model.transition(state, action)', seed, step, () =>
        canonicalJson(view.model.transition(view.state, cloneAction(action))),
      );
      const t2 = call('model.transition(state, action)', seed, step, () =>
        canonicalJson(view.model.transition(view.state, cloneAction(action))),
      );
      const after = canonicalJson(view.state);
      if (before !== after) {
        const d = firstDifference(JSON.parse(before), JSON.parse(after), 'state');
        reported = true;
        error(
          ctx,
          CHECKS.pureTransition,
          `transition(state, action) mutated its input state at step ${step}: ${d?.path} was ${d?.left} and became ${d?.right}. Expected: the input state is never written. Likely fix: build the next state with immer's produce (which freezes it) and never assign into the state you were given.`,
          seed,
          step,
        );
      } else if (t1 !== t2) {
        const d = firstDifference(JSON.parse(t1), JSON.parse(t2), 'transition');
        reported = true;
        error(
          ctx,
          CHECKS.pureTransition,
          `transition(state, action) called twice with the same state and action at step ${step} gave different results: ${d?.path} is ${d?.left}, then ${d?.right}. Expected: a pure function of (state, action). Likely fix: ${DETERMINISM_FIX}.`,
          seed,
          step,
        );
      }
    },
  };
  const r = new Roller(env, seed, undefined, 'reseed', hooks);
  r.reset();
  r.run(ctx.numSteps);
  safeClose(env);
}

/**
 * D7 snapshot/restore (Gymnasium's pickle test): a snapshot taken mid-episode is plain JSON; a
 * fresh instance restored from its `JSON.parse(JSON.stringify(…))` round trip continues exactly
 * as the original does, and so does the original after rewinding to it.
 */
function checkSnapshotRestore(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const k = Math.max(1, Math.floor(ctx.numSteps / 2));
  const m = Math.max(1, ctx.numSteps - k);
  const original = new Roller(fresh(ctx), seed);
  original.reset();
  original.run(k);
  const snap = call('snapshot()', seed, k, () => original.env.snapshot());
  const notJson = nonJsonValue(snap, 'snapshot');
  if (notJson) {
    error(
      ctx,
      CHECKS.snapshot,
      `The snapshot taken at step ${k} is not plain JSON: ${notJson}. Expected: JSON-serializable state, so a snapshot can move to a worker or a file. Likely fix: keep only plain objects, arrays, strings, finite numbers, booleans and null in the state.`,
      seed,
      k,
    );
    return;
  }
  let text: string;
  try {
    text = JSON.stringify(snap);
  } catch (e) {
    error(
      ctx,
      CHECKS.snapshot,
      `JSON.stringify(snapshot()) threw ${describeError(e)} at step ${k}. Expected: a JSON-serializable snapshot.`,
      seed,
      k,
    );
    return;
  }
  const policyState = original.policy.state();
  const doneAtSnapshot = original.done;
  const continuation = original.records.length;
  original.run(m);
  const expected = original.records.slice(continuation);

  const restored = new Roller(fresh(ctx), seed, Rng.fromState(policyState));
  call('restore(JSON round trip of snapshot())', seed, k, () => restored.env.restore(JSON.parse(text) as EnvSnapshot));
  restored.steps = k;
  restored.done = doneAtSnapshot;
  restored.run(m);
  const d = compareRecords(expected, restored.records);
  if (d) {
    error(
      ctx,
      CHECKS.snapshot,
      `A fresh instance restored from a JSON round trip of the snapshot taken at step ${k} diverges from the original ${divergenceText(d)}. Expected: restore continues identically, in any process. Likely fix: everything that shapes the future (RNG state, counters, caches, wrapper state) must be in the model state or in snapshot().wrappers — not in closures, class fields or Maps.`,
      seed,
      d.step,
      ` (snapshot at step ${k}, restore into a fresh instance, continue with the same policy)`,
    );
  }

  const rewound = new Roller(original.env, seed, Rng.fromState(policyState));
  call('restore(snapshot) on the original instance', seed, k, () =>
    original.env.restore(JSON.parse(text) as EnvSnapshot),
  );
  rewound.steps = k;
  rewound.done = doneAtSnapshot;
  rewound.run(m);
  const back = compareRecords(expected, rewound.records);
  if (back && !d) {
    error(
      ctx,
      CHECKS.snapshot,
      `Rewinding the same instance to the snapshot taken at step ${k} does not replay the same steps ${divergenceText(back)}. Expected: restore(snapshot) rewinds completely. Likely fix: restore must overwrite every piece of instance state, not merge into it.`,
      seed,
      back.step,
    );
  }

  if (!d && !back && !ctx.failed.has(CHECKS.unseededReset)) {
    const r1 = new Roller(original.env, seed);
    r1.reset({});
    const r2 = new Roller(restored.env, seed);
    r2.reset({});
    const streams = compareRecords(r1.records, r2.records);
    if (streams) {
      error(
        ctx,
        CHECKS.snapshot,
        `After restoring a snapshot, an unseeded reset() starts a different episode than on the original instance: ${streams.detail}. Expected: the snapshot carries the seed stream of unseeded resets. Likely fix: include the reset stream's RNG state in snapshot() and set it in restore().`,
        seed,
        k,
        ', snapshot, restore, continue, then reset() on both',
      );
    }
  }
  safeClose(original.env);
  safeClose(restored.env);
}

/**
 * D8 ambient nondeterminism: during every `reset`, `sampleAction` and `step` of a rollout per
 * seed, `Math.random`, `Date`, `performance.now`, timers, `crypto` randomness and
 * `process.hrtime` are stubs that record the call and throw.
 */
function checkAmbientNondeterminism(ctx: Ctx): void {
  for (const seed of ctx.seeds) {
    const hits: AmbientHit[] = [];
    const env = fresh(ctx);
    const r = new Roller(env, seed, undefined, 'reseed', {
      around: (phase, step, fn) => sandboxed(phase, step, hits, fn),
    });
    try {
      r.reset();
      r.run(ctx.numSteps);
    } catch (e) {
      if (!(e instanceof EnvCallError) || hits.length === 0) throw e;
    }
    const seen = new Set<string>();
    for (const h of hits) {
      if (seen.has(h.api)) continue;
      seen.add(h.api);
      const during = h.phase === 'step(action)' ? `step() at step ${h.step}` : h.phase;
      error(
        ctx,
        CHECKS.ambient,
        `${h.api} was used during ${during}${h.frame ? `, ${h.frame}` : ''}. Expected: no ambient randomness or real time in reset/step/sampleAction — runs would differ between machines and replays. Likely fix: draw from the env's RNG (Rng.fromState(state.rng), rng.fork(label)) and measure time in virtual ticks (state.clock).`,
        seed,
        h.step,
      );
    }
    safeClose(env);
    if (hits.length > 0) return;
  }
}

/**
 * D9 observer purity (RNG stream isolation): calling `model.observe(state)`, `sampleAction` with
 * another rng, and `snapshot()` between steps must not change the trajectory, and `observe` must
 * give the observation that `step` returned.
 */
function checkObserverPurity(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const plain = new Roller(fresh(ctx), seed);
  plain.reset();
  plain.run(ctx.numSteps);
  const observed = fresh(ctx);
  const extra = Rng.fromSeed(deriveSeed(seed, 'checker', 'observer'));
  let inconsistent = false;
  let r: Roller | null = null;
  const hooks: RollerHooks = {
    beforeStep: (_action, step) => {
      const view = modelView(observed);
      if (view && view.state !== null && view.state !== undefined) {
        const o1 = call('model.observe(state)', seed, step, () => canonicalJson(view.model.observe(view.state)));
        const o2 = call('model.observe(state)', seed, step, () => canonicalJson(view.model.observe(view.state)));
        const last = canonicalJson(r?.lastObservation);
        if (!inconsistent && o1 !== o2) {
          inconsistent = true;
          const d = firstDifference(JSON.parse(o1), JSON.parse(o2), 'observation');
          error(
            ctx,
            CHECKS.observerPurity,
            `model.observe(state) called twice before step ${step} gives different results: ${d?.path} is ${d?.left}, then ${d?.right}. Expected: observe is a pure function of the state. Likely fix: observe must not draw randomness or keep state.`,
            seed,
            step - 1,
          );
        } else if (!inconsistent && o1 !== last) {
          inconsistent = true;
          const d = firstDifference(JSON.parse(last), JSON.parse(o1), 'observation');
          warn(
            ctx,
            CHECKS.observerPurity,
            `model.observe(state) before step ${step} differs from the observation the last reset/step returned: ${d?.path} is ${d?.left} vs ${d?.right}. Expected: the env returns observe(state).`,
            seed,
            step - 1,
          );
        }
      }
      call('sampleAction(another rng)', seed, step, () => observed.sampleAction(extra));
      call('sampleAction(another rng)', seed, step, () => observed.sampleAction(extra));
      call('snapshot()', seed, step, () => observed.snapshot());
    },
  };
  r = new Roller(observed, seed, undefined, 'reseed', hooks);
  r.reset();
  r.run(ctx.numSteps);
  const d = compareRecords(plain.records, r.records);
  if (d) {
    error(
      ctx,
      CHECKS.observerPurity,
      `Calling model.observe(state), sampleAction(otherRng) and snapshot() between steps changed the trajectory ${divergenceText(d)}. Expected: observers consume no env randomness and mutate nothing. Likely fix: sampleAction must draw only from the rng it is given; observe and snapshot must not write to the state or advance its RNG.`,
      seed,
      d.step,
      ', calling observe/sampleAction/snapshot before every step',
    );
  }
  safeClose(plain.env);
  safeClose(observed);
}

/**
 * D16 episode boundaries: `step` before `reset` and after the episode ended raises
 * ResetNeededError (an error when the spec enforces order, as `make()` does; otherwise a
 * warning); no truncation after one step; `reset` after the end works; `close()` twice is fine.
 */
function checkEpisodeBoundaries(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const report = (message: string, step: number | null): void => {
    const where = step === null ? null : seed;
    if (ctx.orderEnforced) error(ctx, CHECKS.boundaries, message, where, step);
    else warn(ctx, CHECKS.boundaries, message, where, step);
  };
  const env = fresh(ctx);
  const before = thrown(() => env.step({ type: 'wait', ticks: 1 }));
  if (!before)
    report(
      `step() before any reset() returned normally. Expected: ResetNeededError (Gymnasium OrderEnforcing). Likely fix: make the env with make(id), or wrap it in OrderEnforcing.`,
      null,
    );
  else if (before.name !== 'ResetNeededError')
    report(
      `step() before any reset() threw ${describeError(before)}. Expected: ResetNeededError, which tells the caller what to do.`,
      null,
    );

  const r = new Roller(env, seed, undefined, 'stop');
  r.reset();
  const budget = Math.min(5000, Math.max(ctx.numSteps, ctx.maxEpisodeSteps ?? 0, 500) * 2);
  let firstStepOfEpisode = true;
  while (r.steps < budget && r.next()) {
    const last = JSON.parse((r.records[r.records.length - 1] as Rec).json) as {
      truncated?: unknown;
      terminated?: unknown;
    };
    if (firstStepOfEpisode && last.truncated === true && last.terminated !== true && ctx.maxEpisodeSteps !== 1) {
      error(
        ctx,
        CHECKS.boundaries,
        'The episode was truncated after its first step. Expected: truncation only at the time limit (Gymnasium: "truncates after 1 step, something has gone very wrong"). Likely fix: check the TimeLimit / maxEpisodeSteps the env is made with.',
        seed,
        1,
      );
    }
    firstStepOfEpisode = false;
  }
  if (!r.done) {
    warn(
      ctx,
      CHECKS.boundaries,
      `No episode ended within ${budget} random steps, so stepping after the end was not checked. Likely fix: register the env with maxEpisodeSteps so make() adds a TimeLimit.`,
      seed,
      budget,
    );
  } else {
    const after = thrown(() => env.step({ type: 'wait', ticks: 1 }));
    if (!after)
      report(
        `step() after the episode ended (step ${r.steps}) returned normally. Expected: ResetNeededError until reset() is called.`,
        r.steps,
      );
    else if (after.name !== 'ResetNeededError')
      report(`step() after the episode ended threw ${describeError(after)}. Expected: ResetNeededError.`, r.steps);
    const again = thrown(() => env.reset({ seed }));
    if (again)
      error(
        ctx,
        CHECKS.boundaries,
        `reset({ seed: ${seed} }) after the episode ended threw ${describeError(again)}. Expected: a new episode.`,
        seed,
        r.steps,
      );
  }
  const close1 = thrown(() => env.close());
  const close2 = thrown(() => env.close());
  if (close1 || close2)
    error(
      ctx,
      CHECKS.boundaries,
      `close() ${close1 ? 'threw' : 'threw the second time'}: ${describeError(close1 ?? close2)}. Expected: close() is idempotent. Likely fix: return early when already closed.`,
      null,
      null,
    );
}

function thrown(fn: () => unknown): Error | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(`non-Error thrown: ${describeValue(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// D20: garbage actions

/**
 * D20 garbage actions (bombardment with invalid input): sampled actions alternate with garbage
 * (non-JSON, unknown types and tools, huge strings, `__proto__` keys, deep nesting, corrupted
 * arguments …). `step` never throws and always returns an observation, a finite reward, boolean
 * flags and an info object; the state stays JSON; `Object.prototype` is not polluted.
 */
function checkGarbageActions(ctx: Ctx): void {
  const protoBefore = new Set(Object.getOwnPropertyNames(Object.prototype));
  const failedLabels = new Set<string>();
  for (const seed of ctx.seeds) {
    const env = fresh(ctx);
    const rng = Rng.fromSeed(deriveSeed(seed, 'checker', 'garbage'));
    let step = 0;
    let done = false;
    const restart = (): void => {
      call(`reset({ seed: ${seed} })`, seed, step, () => env.reset({ seed }));
      done = false;
    };
    restart();
    const garbageTail = (label: string, at: number): string =>
      `, then step(${label})${at > 1 ? ` (the check sent it as action ${at} of a mix of sampled and garbage actions)` : ''}`;
    const garbageRepro = (label: string, at: number): string =>
      `Reproduce: ${envRef(ctx)}, reset({ seed: ${seed} })${garbageTail(label, at)}.`;
    const stepWith = (label: string, hostile: boolean, action: unknown): void => {
      if (done) restart();
      step++;
      let result: unknown;
      try {
        result = env.step(action);
      } catch (e) {
        if (failedLabels.has(label)) return;
        failedLabels.add(label);
        const message = `step() threw ${describeError(e)} for ${label}. Expected: every value becomes an error observation (reward 0) and the episode continues. Likely fix: validate the action first (parseAction / zod safeParse, inside a try) and turn anything that fails into an error observation.`;
        if (hostile) warn(ctx, CHECKS.garbage, `${message} ${garbageRepro(label, step)}`);
        else error(ctx, CHECKS.garbage, message, seed, null, garbageTail(label, step));
        // The env's bookkeeping may be off after a throw: start a clean episode.
        done = true;
        return;
      }
      const problems = stepProblems(result);
      if (problems.length > 0 && !failedLabels.has(label)) {
        failedLabels.add(label);
        error(ctx, CHECKS.garbage, `For ${label}: ${problems.join('; ')}.`, seed, null, garbageTail(label, step));
      }
      const r = result as Partial<StepResult<unknown>> | null;
      done = Boolean(r?.terminated || r?.truncated);
    };
    for (const g of GARBAGE) {
      if (done) restart();
      const sampled = call('sampleAction(rng)', seed, step, () => env.sampleAction(rng));
      stepWith(`the sampled action ${describeValue(sampled, 80)}`, false, sampled);
      const mutation = mutateSampled(sampled, rng);
      if (mutation) stepWith(mutation.label, false, mutation.value());
      stepWith(g.label, g.hostile === true, g.value());
    }
    let snap: unknown;
    try {
      snap = env.snapshot();
      JSON.stringify(snap);
    } catch (e) {
      error(
        ctx,
        CHECKS.garbage,
        `After the garbage actions, snapshot() or JSON.stringify of it threw ${describeError(e)}. Expected: garbage never reaches the state. Likely fix: store only validated actions.`,
        seed,
        step,
      );
    }
    const notJson = snap === undefined ? null : nonJsonValue(snap, 'snapshot');
    if (notJson)
      error(
        ctx,
        CHECKS.garbage,
        `After the garbage actions the state is no longer plain JSON: ${notJson}. Expected: garbage never reaches the state. Likely fix: store only validated, parsed actions and messages.`,
        seed,
        step,
      );
    safeClose(env);
  }
  const added = Object.getOwnPropertyNames(Object.prototype).filter((k) => !protoBefore.has(k));
  if (added.length > 0) {
    // Leave the process as it was: the rest of the run must not inherit the pollution.
    for (const key of added) delete (Object.prototype as Record<string, unknown>)[key];
    error(
      ctx,
      CHECKS.garbage,
      `Object.prototype gained ${added.map((k) => JSON.stringify(k)).join(', ')} while stepping garbage actions (the checker removed ${added.length === 1 ? 'it' : 'them'}). Expected: __proto__ keys are rejected, never assigned. Likely fix: reject __proto__/constructor/prototype keys before merging or copying objects (parseAction does).`,
      null,
      null,
    );
  }
}
