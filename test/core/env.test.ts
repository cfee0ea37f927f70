import { describe, expect, it } from 'vitest';
import { ModelEnv, type Env } from '../../src/core/env.js';
import { ClosedEnvironmentError, InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { canonicalJson } from '../../src/core/canonical.js';
import { DRIFT_HORIZON, driftModel, fakeSpec, type DriftObservation } from '../fixtures/broken-envs.js';
import { viaJson } from '../support/json.js';

type DriftEnv = Env<DriftObservation, Record<string, never>>;

function drift(strictOptions = false): DriftEnv {
  const model = driftModel();
  return new ModelEnv({
    ...model,
    parseOptions: (raw: unknown) => {
      if (strictOptions && raw !== null && typeof raw === 'object' && Object.keys(raw).length > 0) {
        throw new InvalidArgumentError('reset({ options })', raw, 'no options', 'omit options');
      }
      return {};
    },
  });
}

const DOWN = { type: 'move', by: -3 };

describe('ModelEnv', () => {
  it('reset returns the observation and info, with the seed recorded', () => {
    const env = drift();
    expect(env.seed).toBeNull();
    const r = env.reset({ seed: 5 });
    expect(env.seed).toBe(5);
    expect(r.observation).toMatchObject({ t: 0, value: 0 });
    expect(r.info['seed']).toBe(5);
    expect(typeof r.info['target']).toBe('number');
  });

  it('the same seed gives the same episode; another seed another one', () => {
    const a = drift().reset({ seed: 11 });
    const b = drift().reset({ seed: 11 });
    const c = drift().reset({ seed: 12 });
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).not.toBe(canonicalJson(c));
  });

  it('unseeded resets continue the seed stream reproducibly (Gymnasium obs2 == obs4)', () => {
    const env = drift();
    const obs1 = env.reset({ seed: 123 });
    const obs2 = env.reset();
    const obs3 = env.reset({ seed: 123 });
    env.step(DOWN);
    const obs4 = env.reset();
    expect(canonicalJson(obs1)).toBe(canonicalJson(obs3));
    expect(canonicalJson(obs2)).toBe(canonicalJson(obs4));
    expect(obs2.info['seed']).not.toBe(123);
    const other = drift();
    other.reset({ seed: 123 });
    expect(canonicalJson(other.reset())).toBe(canonicalJson(obs2));
  });

  it('an unseeded first reset is the same as reset({ seed: 0 })', () => {
    expect(canonicalJson(drift().reset())).toBe(canonicalJson(drift().reset({ seed: 0 })));
  });

  it('rejects bad seeds and bad arguments with errors naming the field', () => {
    const env = drift();
    expect(() => env.reset({ seed: -1 })).toThrow(InvalidArgumentError);
    expect(() => env.reset({ seed: 1.5 })).toThrow(/reset\(\{ seed \}\): got 1.5, expected an integer/);
    expect(() => env.reset(null as never)).toThrow(/reset\(args\)/);
    expect(() => env.reset('seed' as never)).toThrow(InvalidArgumentError);
  });

  it('a rejected reset leaves the env, and its seed stream, as they were', () => {
    const env = drift(true);
    const twin = drift(true);
    env.reset({ seed: 1 });
    twin.reset({ seed: 1 });
    env.step(DOWN);
    twin.step(DOWN);
    expect(() => env.reset({ seed: 99, options: { bogus: true } })).toThrow(InvalidArgumentError);
    expect(env.seed).toBe(1);
    expect(canonicalJson(env.step(DOWN))).toBe(canonicalJson(twin.step(DOWN)));
    expect(canonicalJson(env.reset())).toBe(canonicalJson(twin.reset()));
  });

  it('step before reset, after the end, and sampleAction before reset raise ResetNeededError', () => {
    const env = drift();
    expect(() => env.step(DOWN)).toThrow(ResetNeededError);
    expect(() => env.sampleAction(Rng.fromSeed(0))).toThrow(ResetNeededError);
    env.reset({ seed: 3 });
    let last;
    for (let i = 0; i < DRIFT_HORIZON; i++) last = env.step(DOWN);
    expect(last?.terminated).toBe(true);
    expect(() => env.step(DOWN)).toThrow(/after the episode ended/);
    env.reset();
    expect(() => env.step(DOWN)).not.toThrow();
  });

  it('garbage actions reach the model, which answers with an observation', () => {
    const env = drift();
    env.reset({ seed: 1 });
    const r = env.step({ type: 'teleport' });
    expect(r.reward).toBe(0);
    expect(r.info['error']).toBe('invalid action');
  });

  it('snapshot is plain JSON and restore continues identically, also in a fresh env', () => {
    const env = drift();
    env.reset({ seed: 8 });
    env.step({ type: 'move', by: 2 });
    const snap = viaJson(env.snapshot());
    expect(snap.format).toBe('faultline.snapshot/1');
    const expected = [env.step(DOWN), env.step(DOWN), env.reset()].map(canonicalJson);
    const copy = drift();
    copy.restore(snap);
    expect(copy.seed).toBe(8);
    expect([copy.step(DOWN), copy.step(DOWN), copy.reset()].map(canonicalJson)).toEqual(expected);
  });

  it('restore rejects foreign values and snapshots of another env', () => {
    const env = drift();
    expect(() => env.restore({} as never)).toThrow(/restore\(snapshot\)\.format/);
    expect(() => env.restore(null as never)).toThrow(InvalidArgumentError);
    const named = new ModelEnv(driftModel(), fakeSpec('broken/named-v1'));
    named.reset({ seed: 1 });
    expect(() => env.restore(named.snapshot())).toThrow(/envId: got "broken\/named-v1"/);
  });

  it('close is idempotent and a closed env refuses to run', () => {
    const env = drift();
    env.reset({ seed: 1 });
    env.close();
    expect(() => env.close()).not.toThrow();
    expect(() => env.step(DOWN)).toThrow(ClosedEnvironmentError);
    expect(() => env.reset({ seed: 1 })).toThrow(ClosedEnvironmentError);
  });

  it('unwrapped is the env itself and exposes the model and state', () => {
    const env = new ModelEnv(driftModel());
    expect(env.unwrapped).toBe(env);
    expect(env.state).toBeNull();
    env.reset({ seed: 2 });
    expect(env.state?.t).toBe(0);
    expect(env.unwrapped.model.observe(env.state as never)).toEqual(env.model.observe(env.state as never));
  });
});
