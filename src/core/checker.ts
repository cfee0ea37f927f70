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
import { describeValue, InvalidArgumentError } from './errors.js';
import { make, spec as specOf } from './registry.js';
import { describeError } from './check-rollout.js';
import { CHECKS } from './check-rules.js';
import type { CheckIssue, CheckReport } from './check-report.js';
import { DEFAULT_SEEDS, DEFAULT_SENSITIVITY_SEEDS, parseCheckOptions, type CheckOptions } from './check-options.js';
import { issue, runCheck, safeClose, type AnyEnv, type Ctx } from './check-context.js';
import { checkApiContract } from './check-api.js';
import { checkDeterminism, checkInterleaving, checkSeedSensitivity } from './check-determinism.js';
import { checkResetHygiene, checkUnseededReset } from './check-reset.js';
import { checkObserverPurity, checkPureTransition } from './check-purity.js';
import { checkSnapshotRestore } from './check-snapshot.js';
import { checkAmbientNondeterminism } from './check-ambient.js';
import { checkEpisodeBoundaries } from './check-boundaries.js';
import { checkGarbageActions } from './check-garbage-actions.js';

// Callers import the checker's names from here only; where each piece lives is not their concern.
export { nonJsonValue } from './check-values.js';
export { CHECKS, CHECK_RULES, type CheckKey, type CheckRule } from './check-rules.js';
export { formatReport, type CheckIssue, type CheckReport } from './check-report.js';
export type { CheckOptions } from './check-options.js';

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
  const o = parseCheckOptions(options);
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
