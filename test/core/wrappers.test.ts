import { describe, expect, it } from 'vitest';
import { ModelEnv, type Env } from '../../src/core/env.js';
import { InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import { OrderEnforcing, TimeLimit } from '../../src/core/wrappers.js';
import { Rng } from '../../src/core/rng.js';
import { canonicalJson } from '../../src/core/canonical.js';
import { DRIFT_HORIZON, driftModel, fakeSpec, type DriftState } from '../fixtures/broken-envs.js';
import { viaJson } from '../support/json.js';

/** Moving down never reaches the target, so only the horizon (or a wrapper) ends an episode. */
const DOWN = { type: 'move', by: -3 };

function raw(): Env<unknown, unknown> {
  return new ModelEnv(driftModel(), fakeSpec('broken/drift-v1'));
}

describe('TimeLimit', () => {
  it('truncates at exactly N steps', () => {
    const env = new TimeLimit(raw(), 5);
    env.reset({ seed: 1 });
    const flags = Array.from({ length: 5 }, () => env.step(DOWN).truncated);
    expect(flags).toEqual([false, false, false, false, true]);
    expect(env.elapsed).toBe(5);
  });

  it('marks the truncation in info and refuses further steps until reset', () => {
    const env = new TimeLimit(raw(), 2);
    env.reset({ seed: 1 });
    env.step(DOWN);
    const last = env.step(DOWN);
    expect(last).toMatchObject({ truncated: true, terminated: false });
    expect(last.info['timeLimit']).toBe(2);
    expect(() => env.step(DOWN)).toThrow(ResetNeededError);
    env.reset();
    expect(env.elapsed).toBe(0);
    expect(env.step(DOWN).truncated).toBe(false);
  });

  it('sets both flags when termination lands on the last allowed step', () => {
    const env = new TimeLimit(raw(), DRIFT_HORIZON);
    env.reset({ seed: 4 });
    let last;
    for (let i = 0; i < DRIFT_HORIZON; i++) last = env.step(DOWN);
    expect(last).toMatchObject({ terminated: true, truncated: true });
  });

  it('does not touch episodes that end before the limit', () => {
    const env = new TimeLimit(raw(), DRIFT_HORIZON + 5);
    env.reset({ seed: 4 });
    let last;
    for (let i = 0; i < DRIFT_HORIZON; i++) last = env.step(DOWN);
    expect(last).toMatchObject({ terminated: true, truncated: false });
    expect(last?.info['timeLimit']).toBeUndefined();
  });

  it('keeps the elapsed count in the snapshot, through JSON, into a fresh env', () => {
    const env = new TimeLimit(raw(), 10);
    env.reset({ seed: 2 });
    for (let i = 0; i < 6; i++) env.step(DOWN);
    const snap = viaJson(env.snapshot());
    expect(snap.wrappers.timeLimit).toEqual({ elapsed: 6 });
    const copy = new TimeLimit(raw(), 10);
    copy.restore(snap);
    expect(copy.elapsed).toBe(6);
    const flags = Array.from({ length: 4 }, () => copy.step(DOWN).truncated);
    expect(flags).toEqual([false, false, false, true]);
  });

  it('nests: the tighter limit wins', () => {
    const env = new TimeLimit(new TimeLimit(raw(), 5), 3);
    env.reset({ seed: 1 });
    expect([env.step(DOWN), env.step(DOWN), env.step(DOWN)].map((r) => r.truncated)).toEqual([false, false, true]);
  });

  it('rejects limits that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new TimeLimit(raw(), bad)).toThrow(InvalidArgumentError);
  });
});

describe('OrderEnforcing', () => {
  it('raises ResetNeededError before reset and after the episode ended', () => {
    const env = new OrderEnforcing(raw());
    expect(() => env.step(DOWN)).toThrow(/before reset/);
    env.reset({ seed: 1 });
    for (let i = 0; i < DRIFT_HORIZON; i++) env.step(DOWN);
    expect(() => env.step(DOWN)).toThrow(/after the episode ended/);
    env.reset();
    expect(() => env.step(DOWN)).not.toThrow();
  });

  it('enforces order even on an env that would not', () => {
    const lax = new (class extends ModelEnv<DriftState, unknown, unknown> {
      override step(action: unknown) {
        return this.state === null
          ? { observation: null, reward: 0, terminated: false, truncated: false, info: {} }
          : super.step(action);
      }
    })(driftModel());
    expect(() => lax.step(DOWN)).not.toThrow();
    expect(() => new OrderEnforcing(lax as never).step(DOWN)).toThrow(ResetNeededError);
  });

  it('carries its flags through snapshot and restore', () => {
    const env = new OrderEnforcing(raw());
    env.reset({ seed: 1 });
    for (let i = 0; i < DRIFT_HORIZON; i++) env.step(DOWN);
    const snap = viaJson(env.snapshot());
    expect(snap.wrappers.orderEnforcing).toEqual({ hasReset: true, ended: true });
    const copy = new OrderEnforcing(raw());
    copy.restore(snap);
    expect(() => copy.step(DOWN)).toThrow(ResetNeededError);
  });

  it('derives its flags from a snapshot of the bare env', () => {
    const bare = raw();
    bare.reset({ seed: 1 });
    bare.step(DOWN);
    const copy = new OrderEnforcing(raw());
    copy.restore(viaJson(bare.snapshot()));
    expect(() => copy.step(DOWN)).not.toThrow();
  });
});

describe('Wrapper', () => {
  it('forwards spec, seed, unwrapped and sampleAction', () => {
    const inner = raw();
    const env = new TimeLimit(new OrderEnforcing(inner), 10);
    expect(env.spec?.id).toBe('broken/drift-v1');
    expect(env.unwrapped).toBe(inner.unwrapped);
    env.reset({ seed: 9 });
    expect(env.seed).toBe(9);
    expect(canonicalJson(env.sampleAction(Rng.fromSeed(1)))).toBe(canonicalJson(inner.sampleAction(Rng.fromSeed(1))));
    env.close();
    expect(() => env.close()).not.toThrow();
  });
});
