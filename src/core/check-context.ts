/**
 * The plumbing every check shares: the context of one checker run, running a check so that
 * nothing it does throws out of the checker, and turning problems into issues that end with their
 * rule and a reproduction.
 */
import type { Env } from './env.js';
import { type Seed, deriveSeed } from './rng.js';
import { EnvCallError, call, describeError, policySeed } from './check-rollout.js';
import { CHECKS, ruleAnchor, ruleOf } from './check-rules.js';
import type { CheckIssue } from './check-report.js';

/** An env of any observation and action type: the checker sees only the public surface. */
export type AnyEnv = Env<unknown, unknown>;

// A broken env repeats one problem at every step; past this many, more lines only bury the first.
const MAX_ISSUES_PER_CHECK = 8;

/** The state of one checker run, handed to every check. */
export interface Ctx {
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

/** True when `options.skip` names the check by its id or its prefix (`'D1'` skips D1 only, not D11). */
export function skipped(ctx: Ctx, id: string): boolean {
  return ctx.skip.some((s) => id === s || id.startsWith(`${s} `));
}

/**
 * Runs one check unless skipped and records it as run. Whatever the check throws becomes an error
 * of that check, because the checker promises never to throw for anything the env does.
 */
export function runCheck(ctx: Ctx, id: string, check: (ctx: Ctx) => void): void {
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
export function issue(check: string, message: string): CheckIssue {
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

/** Records an error of `check`, with a reproduction from `seed` and `step` (`extra` refines it). */
export function error(
  ctx: Ctx,
  check: string,
  message: string,
  seed: Seed | null,
  step: number | null,
  extra = '',
): void {
  ctx.failed.add(check);
  push(ctx.errors, check, `${message} ${reproduction(ctx, seed, step, extra)}`);
}

/** Records a warning of `check`; a reproduction is added only when a seed is given. */
export function warn(
  ctx: Ctx,
  check: string,
  message: string,
  seed: Seed | null = null,
  step: number | null = null,
): void {
  push(ctx.warnings, check, seed === null ? message : `${message} ${reproduction(ctx, seed, step, '')}`);
}

/** How a reproduction names the env: `make("id")`, or the factory when the env is unregistered. */
export function envRef(ctx: Ctx): string {
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

/** Closes an env the check is done with, ignoring a throwing close() (D16 reports that). */
export function safeClose(env: AnyEnv): void {
  try {
    env.close();
  } catch {
    // The close check reports this; here we only release the instance.
  }
}

/** A fresh instance from the factory; a throwing factory becomes an {@link EnvCallError}. */
export function fresh(ctx: Ctx): AnyEnv {
  return call('the factory', null, 0, ctx.factory);
}

/**
 * Two distinct seeds for the checks that compare seeds: the first two of the options, or one
 * derived from the first when only one seed was given.
 */
export function twoSeeds(ctx: Ctx): [Seed, Seed] {
  const s1 = ctx.seeds[0] as Seed;
  const s2 = ctx.seeds.find((s) => s !== s1) ?? deriveSeed(s1, 'checker', 'second');
  return [s1, s2];
}
