/**
 * The env checker's rule table: for every check, its id, what it checks and how to fix a failure.
 * The checker appends a rule's id and fix to every issue it reports, and `docs/checks.md` is
 * generated from this table (`faultline docs --checks docs/checks.md`), so the two never disagree.
 */

/** The ids of the checks (rule id, then name), in the order they run. */
export const CHECKS = {
  api: 'API contract',
  canonical: 'D11 canonical values',
  determinism: 'D1 determinism',
  interleaving: 'D2 interleaving',
  seedSensitivity: 'D3 seed sensitivity',
  unseededReset: 'D4 unseeded reset',
  resetHygiene: 'D5 reset hygiene',
  pureTransition: 'D6 pure transition',
  snapshot: 'D7 snapshot/restore',
  ambient: 'D8 ambient nondeterminism',
  observerPurity: 'D9 observer purity',
  boundaries: 'D16 episode boundaries',
  garbage: 'D20 garbage actions',
} as const;

/** The key of a check in {@link CHECKS}. */
export type CheckKey = keyof typeof CHECKS;

/** One rule of the checker, as documented in `docs/checks.md`. */
export interface CheckRule {
  /** The short id that names the rule in messages and in `skip` (`'D1'`, `'API'`). */
  readonly id: string;
  /** The full check name, `id` followed by a few words (a value of {@link CHECKS}). */
  readonly check: string;
  /** What the rule checks, in one or two sentences. */
  readonly checks: string;
  /** When it reports an error and when only a warning. */
  readonly severity: string;
  /** How to fix a failure: the usual cause and the change that removes it. */
  readonly fix: string;
}

const RNG_FIX =
  'take every random draw from the RNG state inside the env state (`Rng.fromState(state.rng)`, `rng.fork(label)`), keep no state outside it, and measure time in virtual ticks';

/** The rules, keyed like {@link CHECKS}, in the order the checks run. */
export const CHECK_RULES: Readonly<Record<CheckKey, CheckRule>> = {
  api: {
    id: 'API',
    check: CHECKS.api,
    checks:
      'The factory returns a fresh env on every call; `reset({ seed })` returns `{ observation, info }` and records the seed; `reset({ seed, options: {} })` works; a bad seed is rejected; every step returns an observation, a finite reward, boolean `terminated`/`truncated` and a plain `info` object. When `reset` itself fails, no further check runs.',
    severity:
      'Errors for a throwing factory or reset and for malformed results; warnings for a missing `spec`, an unrecorded seed and an accepted negative seed.',
    fix: 'Build the env with `make(id)` (or `new ModelEnv(model)`) inside the factory, give every reset option a default in `parseOptions`, validate seeds with `assertSeed`, and return `{ observation, reward, terminated, truncated, info }` from every step.',
  },
  canonical: {
    id: 'D11',
    check: CHECKS.canonical,
    checks:
      'Observations and info objects hold only plain JSON values (objects, arrays, strings, finite numbers, booleans, null), because equality, digests and replay are defined on canonical JSON. Runs inside the API contract check.',
    severity: 'Error.',
    fix: 'Convert Maps and Sets to sorted arrays or plain objects, drop functions and class instances, and replace `NaN`/`Infinity` by a number or null before they reach an observation.',
  },
  determinism: {
    id: 'D1',
    check: CHECKS.determinism,
    checks:
      'Two fresh instances, reset with the same seed and driven by the same seeded random policy, give identical observations, rewards, flags and info (compared as canonical JSON), with a seeded reset at every episode end.',
    severity: 'Error.',
    fix: `${RNG_FIX}; \`sampleAction\` must draw only from the rng it is given.`,
  },
  interleaving: {
    id: 'D2',
    check: CHECKS.interleaving,
    checks:
      'Two instances stepped in alternation give the same trajectories as each one run alone. Catches module-level counters, caches and singletons shared between instances.',
    severity: 'Error.',
    fix: 'Move module-level state (counters, caches, id generators, memoized singletons, a shared "current env") into the env state.',
  },
  seedSensitivity: {
    id: 'D3',
    check: CHECKS.seedSensitivity,
    checks:
      'Among the sensitivity seeds (default 0, 1, 10, 100, 1000, 65536, 2^31), all but one give distinct rollouts under the same policy, so the env really uses its seed.',
    severity: 'Error.',
    fix: "Derive the task and the world from the seed passed to `initial(seed)` (`Rng.fromSeed(seed).fork('task')`), and never reduce it (`seed % n`, `seed & mask`).",
  },
  unseededReset: {
    id: 'D4',
    check: CHECKS.unseededReset,
    checks:
      '`reset()` without a seed after `reset({ seed })` continues the seed stream deterministically: the same in two fresh instances, and the same again after re-seeding one instance (Gymnasium obs2 = obs4).',
    severity: 'Errors for irreproducible unseeded resets; a warning when `reset()` replays the seeded episode exactly.',
    fix: 'Never re-seed from entropy: store the stream state when a seed is given and derive the next episode seed from it (`ModelEnv` does this).',
  },
  resetHygiene: {
    id: 'D5',
    check: CHECKS.resetHygiene,
    checks:
      'An instance that ran an episode with another seed and is then reset with seed s behaves exactly like a fresh instance reset with s. Catches caches and mocks that leak across episodes.',
    severity: 'Error.',
    fix: 'Rebuild all episode state in `initial(seed)`; caches, mocks and counters kept on the instance leak from one episode into the next.',
  },
  pureTransition: {
    id: 'D6',
    check: CHECKS.pureTransition,
    checks:
      '`model.transition(state, action)` called twice with the same input gives the same result and leaves its input state unchanged, at every step of a rollout (only for envs with a pure model).',
    severity: 'Error; a warning when `env.unwrapped` has no pure model to check.',
    fix: "Build the next state with immer's `produce` (which freezes it), never assign into the state you were given, and draw randomness only from the state's RNG.",
  },
  snapshot: {
    id: 'D7',
    check: CHECKS.snapshot,
    checks:
      'A snapshot taken mid-episode is plain JSON; a fresh instance restored from its JSON round trip continues exactly like the original, the original rewound to it replays the same steps, and unseeded resets after a restore continue the same seed stream.',
    severity: 'Error.',
    fix: 'Keep everything that shapes the future (RNG state, counters, caches, wrapper state) in the model state or in `snapshot().wrappers`, never in closures, class fields or Maps; `restore` overwrites every piece of instance state.',
  },
  ambient: {
    id: 'D8',
    check: CHECKS.ambient,
    checks:
      '`reset`, `step` and `sampleAction` never use ambient randomness or real time: `Math.random`, `Date`, `performance.now`, timers, `crypto` randomness and `process.hrtime` are stubs that record the call and throw while they run.',
    severity: 'Error. Skipped with `sandbox: false`.',
    fix: "Draw from the env's RNG (`Rng.fromState(state.rng)`, `rng.fork(label)`) and count time in virtual ticks (`state.clock`).",
  },
  observerPurity: {
    id: 'D9',
    check: CHECKS.observerPurity,
    checks:
      'Calling `model.observe(state)`, `sampleAction` with another rng and `snapshot()` between steps does not change the trajectory, and `observe` gives the observation `step` returned.',
    severity:
      'Error when observers change the trajectory or `observe` is not a function of the state; a warning when `observe(state)` differs from the last returned observation.',
    fix: '`sampleAction` draws only from the rng it is given; `observe` and `snapshot` never write to the state or advance its RNG, and the env returns `observe(state)`.',
  },
  boundaries: {
    id: 'D16',
    check: CHECKS.boundaries,
    checks:
      '`step` before `reset` and after the episode ended throws `ResetNeededError`; no episode is truncated after its first step; `reset` after the end starts a new episode; `close()` twice is fine.',
    severity:
      'Error when the spec enforces order (as `make()` does), else a warning; a warning when no episode ends within the step budget.',
    fix: 'Make the env with `make(id)` (which adds `OrderEnforcing` and a `TimeLimit` from `maxEpisodeSteps`), register it with a `maxEpisodeSteps`, and return early from `close()` when already closed.',
  },
  garbage: {
    id: 'D20',
    check: CHECKS.garbage,
    checks:
      'Sampled actions alternate with garbage (non-JSON values, unknown types and tools, huge strings, `__proto__` keys, deep nesting, corrupted arguments): `step` never throws and returns a well-formed result, the state stays plain JSON, and `Object.prototype` is not polluted.',
    severity:
      'Error; only a warning for a crash on hostile values no JSON source produces (a throwing getter, a revoked proxy).',
    fix: 'Validate every action first (`parseAction`, or zod `safeParse` inside a try) and turn anything that fails into an error observation with reward 0; store only validated actions; reject `__proto__`/`constructor`/`prototype` keys before copying objects.',
  },
};

/** The rule of a check name (a value of {@link CHECKS}), or undefined for an unknown name. */
export function ruleOf(check: string): CheckRule | undefined {
  return Object.values(CHECK_RULES).find((r) => r.check === check);
}

/** Where a rule is documented: `docs/checks.md#d1`. */
export function ruleAnchor(rule: CheckRule): string {
  return `docs/checks.md#${rule.id.toLowerCase()}`;
}
