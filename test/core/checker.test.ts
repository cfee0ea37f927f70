import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS, checkEnv, checkRegisteredEnv, formatReport, type CheckReport } from '../../src/core/checker.js';
import { InvalidArgumentError, UnregisteredEnvError } from '../../src/core/errors.js';
import type { Env, StepResult } from '../../src/core/env.js';
import { Wrapper } from '../../src/core/wrappers.js';
import { ensureNotesEnv } from '../fixtures/notes-env.js';
import * as broken from '../fixtures/broken-envs.js';

/** Fewer steps than the default keep the suite fast; every bug below shows within them. */
const FAST = { numSteps: 30 } as const;

function errorChecks(report: CheckReport): string[] {
  return [...new Set(report.errors.map((e) => e.check))].sort();
}

function expectOnly(report: CheckReport, ...checks: string[]): void {
  expect(errorChecks(report), formatReport(report)).toEqual([...checks].sort());
}

describe('checkEnv on correct envs', () => {
  it('passes the notes fixture (team env through make) with no errors and no warnings', () => {
    const report = checkRegisteredEnv(ensureNotesEnv());
    expect(report.envId).toBe('fixture/notes-v1');
    expect(report.errors, formatReport(report)).toEqual([]);
    expect(report.warnings, formatReport(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.checks).toEqual(Object.values(CHECKS));
  });

  it('passes the drift env; its only warnings are the missing spec and hostile (non-JSON) values', () => {
    const report = checkEnv(broken.goodDrift, FAST);
    expect(report.errors, formatReport(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(new Set(report.warnings.map((w) => w.check))).toEqual(new Set([CHECKS.api, CHECKS.garbage]));
    expect(
      report.warnings
        .filter((w) => w.check === CHECKS.garbage)
        .every((w) => /throwing getter|revoked proxy/.test(w.message)),
    ).toBe(true);
  });

  it('strict mode fails on warnings', () => {
    expect(checkEnv(broken.goodDrift, { ...FAST, strict: true }).passed).toBe(false);
  });

  /* eslint-disable @typescript-eslint/unbound-method -- compares the globals by identity, never calls them */
  it('restores every global it stubs', () => {
    const before = [
      Math.random,
      Date,
      Date.now,
      performance.now,
      setTimeout,
      setInterval,
      setImmediate,
      crypto.randomUUID,
      crypto.getRandomValues,
      process.hrtime,
    ];
    checkEnv(broken.ambientDrift(broken.AMBIENT_USES['Math.random'] as () => number), FAST);
    const after = [
      Math.random,
      Date,
      Date.now,
      performance.now,
      setTimeout,
      setInterval,
      setImmediate,
      crypto.randomUUID,
      crypto.getRandomValues,
      process.hrtime,
    ];
    expect(after).toEqual(before);
    expect(typeof Date.now()).toBe('number');
  });
  /* eslint-enable @typescript-eslint/unbound-method */
});

describe('checkEnv flags each deliberately broken env with the right check', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['polluted'];
  });

  it('Math.random in transition → D1 determinism and D8 ambient nondeterminism', () => {
    const report = checkEnv(broken.mathRandomDrift, FAST);
    expect(errorChecks(report)).toEqual(expect.arrayContaining([CHECKS.determinism, CHECKS.ambient]));
    const d1 = report.errors.find((e) => e.check === CHECKS.determinism)?.message ?? '';
    expect(d1).toMatch(
      /Two fresh instances reset with seed 0 diverge at step \d+: observation\.\w+ is .* in the first run and .* in the second/,
    );
    expect(d1).toMatch(/Likely fix: .*Rng\.fromState/);
    expect(d1).toMatch(
      /Reproduce: the env from your factory \(unregistered\), reset\(\{ seed: 0 \}\), then step \d+ of actions from env\.sampleAction\(Rng\.fromSeed\(\d+\)\)/,
    );
    const d8 = report.errors.find((e) => e.check === CHECKS.ambient)?.message ?? '';
    expect(d8).toMatch(/^Math\.random was used during step\(\) at step 1, at .*broken-envs\.ts:\d+:\d+/);
  });

  it('a module-level counter → D1 determinism and D2 interleaving', () => {
    const report = checkEnv(broken.moduleCounterDrift, FAST);
    expect(errorChecks(report)).toEqual(expect.arrayContaining([CHECKS.determinism, CHECKS.interleaving]));
  });

  it('a module-level "current episode" → only D2 interleaving', () => {
    const report = checkEnv(broken.sharedCurrentDrift, FAST);
    expectOnly(report, CHECKS.interleaving);
    expect(report.errors[0]?.message).toMatch(
      /in alternation changed the run with seed 0.*observation\.distance.*module-level state/,
    );
    expect(report.errors[0]?.message).toMatch(/interleaved step by step with a second instance reset with seed 123/);
  });

  it('wrapper state outside the snapshot → only D7 snapshot/restore, naming the lost field', () => {
    const report = checkEnv(broken.forgetfulSnapshotDrift, FAST);
    expectOnly(report, CHECKS.snapshot);
    expect(report.errors[0]?.message).toMatch(
      /restored from a JSON round trip of the snapshot taken at step 15 diverges .* at step 16: observation\.bonus is \d+ in the first run and \d+ in the second/,
    );
  });

  it('throwing on garbage → only D20 garbage actions, naming the garbage and the env frame', () => {
    const report = checkEnv(broken.throwsOnGarbageDrift, FAST);
    expectOnly(report, CHECKS.garbage);
    const forNull = report.errors.find((e) => e.message.includes('for null.'));
    expect(forNull?.message).toMatch(
      /step\(\) threw TypeError: .*reading 'type'.*broken-envs\.ts:\d+:\d+\)\) for null\. Expected: every value becomes an error observation/,
    );
  });

  it('non-finite rewards and non-boolean flags on bad input → D20 garbage actions', () => {
    const report = checkEnv(broken.badRewardDrift, FAST);
    expectOnly(report, CHECKS.garbage);
    expect(report.errors[0]?.message).toMatch(
      /reward NaN; expected a finite number; step\(\) returned terminated "no"; expected a boolean/,
    );
  });

  it('prototype pollution through a __proto__ key → D20 garbage actions', () => {
    const report = checkEnv(broken.pollutingDrift, FAST);
    expect(errorChecks(report)).toContain(CHECKS.garbage);
    expect(report.errors.some((e) => /Object\.prototype gained "polluted"/.test(e.message))).toBe(true);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('a seed reduced to seed % 2 → only D3 seed sensitivity, listing the colliding seeds', () => {
    const report = checkEnv(broken.ignoresSeedDrift, FAST);
    expectOnly(report, CHECKS.seedSensitivity);
    expect(report.errors[0]?.message).toMatch(
      /Only 2 distinct rollouts among 7 seeds.*\{0, 10, 100, 1000, 65536, 2147483648\}/,
    );
  });

  it('unseeded resets re-seeded from a global counter → only D4 unseeded reset', () => {
    expectOnly(checkEnv(broken.entropyResetDrift, FAST), CHECKS.unseededReset);
  });

  it('a counter that survives reset → D5 reset hygiene', () => {
    const report = checkEnv(broken.leakyResetDrift, FAST);
    expect(errorChecks(report)).toContain(CHECKS.resetHygiene);
    expect(report.errors.find((e) => e.check === CHECKS.resetHygiene)?.message).toMatch(/observation\.episodes/);
  });

  it('a transition that writes into its input state → only D6 pure transition', () => {
    const report = checkEnv(broken.mutatingDrift, FAST);
    expectOnly(report, CHECKS.pureTransition);
    expect(report.errors[0]?.message).toMatch(/mutated its input state at step 1: state\.value was 0 and became/);
  });

  it('sampleAction that advances the env RNG → only D9 observer purity', () => {
    expectOnly(checkEnv(broken.greedySamplerDrift, FAST), CHECKS.observerPurity);
  });

  it('NaN and a Map in the observation → only D11 canonical values', () => {
    const report = checkEnv(broken.nonJsonObservationDrift, FAST);
    expectOnly(report, CHECKS.canonical);
    expect(report.errors[0]?.message).toMatch(/observation\.ratio is NaN/);
  });

  it('step before reset accepted although the spec enforces order → only D16 episode boundaries', () => {
    const report = checkEnv(broken.laxOrderDrift, FAST);
    expectOnly(report, CHECKS.boundaries);
    expect(report.envId).toBe('broken/lax-order-v1');
    expect(report.errors[0]?.message).toMatch(
      /step\(\) before any reset\(\) returned normally\. Expected: ResetNeededError.*make\("broken\/lax-order-v1"\)/,
    );
  });

  for (const [api, use] of Object.entries(broken.AMBIENT_USES)) {
    it(`D8 catches ${api}, even when the env swallows the stub's error`, () => {
      const report = checkEnv(broken.ambientDrift(use), {
        ...FAST,
        skip: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D9', 'D16', 'D20'],
      });
      expectOnly(report, CHECKS.ambient);
      expect(report.errors[0]?.message.startsWith(`${api} was used during step() at step 1`)).toBe(true);
    });
  }
});

describe('checkEnv never throws for what the env does', () => {
  it('reports a throwing factory', () => {
    const report = checkEnv(() => {
      throw new Error('no env today');
    });
    expect(report.passed).toBe(false);
    expect(report.errors[0]?.message).toMatch(/The factory threw Error: no env today/);
  });

  it('reports a factory that hands out one shared instance', () => {
    const shared = broken.goodDrift();
    const report = checkEnv(() => shared, FAST);
    expect(report.errors.some((e) => e.check === CHECKS.api && /same instance twice/.test(e.message))).toBe(true);
  });

  it('stops after the API check when reset itself throws', () => {
    const report = checkEnv(
      broken.driftFactory((m) => ({
        ...m,
        initial: () => {
          throw new RangeError('no initial state');
        },
      })),
      FAST,
    );
    expect(report.checks).toEqual([CHECKS.api]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toMatch(/reset\(\{ seed: 0 \}\) threw RangeError: no initial state/);
  });

  it('reports step results of the wrong shape', () => {
    const weird = (): Env<unknown, unknown> =>
      new (class extends Wrapper<unknown, unknown> {
        override step(): StepResult<unknown> {
          return undefined as never;
        }
      })(broken.goodDrift());
    const report = checkEnv(weird, FAST);
    expect(report.passed).toBe(false);
    expect(report.errors.some((e) => /step\(\) returned undefined/.test(e.message))).toBe(true);
  });
});

describe('options and entry points', () => {
  it('validates options, naming the field', () => {
    expect(() => checkEnv(broken.goodDrift, { numSteps: 0 })).toThrow(/checkEnv\(options\.numSteps\)/);
    expect(() => checkEnv(broken.goodDrift, { seeds: [-1] })).toThrow(InvalidArgumentError);
    expect(() => checkEnv(broken.goodDrift, { bogus: true } as never)).toThrow(InvalidArgumentError);
    expect(() => checkEnv('make' as never)).toThrow(/checkEnv\(factory\)/);
  });

  it('skip names checks by id or prefix, and "D1" does not skip D11 or D16', () => {
    const report = checkEnv(broken.goodDrift, { ...FAST, skip: ['D1', 'D8 ambient nondeterminism', 'D20'] });
    expect(report.checks).not.toContain(CHECKS.determinism);
    expect(report.checks).not.toContain(CHECKS.ambient);
    expect(report.checks).not.toContain(CHECKS.garbage);
    expect(report.checks).toContain(CHECKS.canonical);
    expect(report.checks).toContain(CHECKS.boundaries);
  });

  it('sandbox: false skips D8', () => {
    expect(checkEnv(broken.mathRandomDrift, { ...FAST, sandbox: false }).checks).not.toContain(CHECKS.ambient);
  });

  it('checkRegisteredEnv resolves unversioned ids and rejects unknown ones', () => {
    ensureNotesEnv();
    expect(
      checkRegisteredEnv('fixture/notes', { ...FAST, skip: ['D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D20'] })
        .envId,
    ).toBe('fixture/notes-v1');
    expect(() => checkRegisteredEnv('fixture/nothing-v1')).toThrow(UnregisteredEnvError);
  });

  it('formatReport prints one line per issue with its check', () => {
    const text = formatReport(checkEnv(broken.sharedCurrentDrift, FAST));
    expect(text.split('\n')[0]).toMatch(/^FAIL {2}\(unregistered env\) — 13 checks, 1 errors, \d+ warnings$/);
    expect(text).toContain('  error   [D2 interleaving] ');
  });
});
