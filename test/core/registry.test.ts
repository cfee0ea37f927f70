import { describe, expect, it } from 'vitest';
import { ModelEnv, type Env } from '../../src/core/env.js';
import {
  InvalidArgumentError,
  RegistrationError,
  ResetNeededError,
  UnregisteredEnvError,
} from '../../src/core/errors.js';
import { listEnvs, make, register, spec } from '../../src/core/registry.js';
import { parseEnvId, specFromJSON, specToJSON, type EnvSpec } from '../../src/core/spec.js';
import { OrderEnforcing, TimeLimit } from '../../src/core/wrappers.js';
import { driftModel } from '../fixtures/broken-envs.js';

const seen: Array<{ spec: EnvSpec; kwargs: Readonly<Record<string, unknown>> }> = [];
const factory = (s: EnvSpec, kwargs: Readonly<Record<string, unknown>>): Env<unknown, unknown> => {
  seen.push({ spec: s, kwargs });
  return new ModelEnv(driftModel(), s);
};

register({ id: 'regtest/drift-v1', description: 'drift v1', factory, maxEpisodeSteps: 5, kwargs: { speed: 1 } });
register({ id: 'regtest/drift-v2', description: 'drift v2', factory, maxEpisodeSteps: 7 });
register({ id: 'regtest/free-v1', description: 'no limit, no order', factory, orderEnforce: false });

describe('register', () => {
  it('requires a version', () => {
    expect(() => register({ id: 'regtest/unversioned', description: '', factory })).toThrow(
      /has no version. Use "regtest\/unversioned-v1"/,
    );
  });

  it('refuses duplicates and suggests bumping the version', () => {
    expect(() => register({ id: 'regtest/drift-v2', description: '', factory })).toThrow(RegistrationError);
    expect(() => register({ id: 'regtest/drift-v2', description: '', factory })).toThrow(/-v3/);
  });

  it('refuses malformed ids', () => {
    expect(() => register({ id: 'Bad Id', description: '', factory })).toThrow(InvalidArgumentError);
  });

  it('fills the spec defaults', () => {
    const s = spec('regtest/free-v1');
    expect(s).toMatchObject({
      world: 'regtest',
      family: 'free',
      version: 1,
      maxEpisodeSteps: null,
      orderEnforce: false,
      nondeterministic: false,
      kwargs: {},
    });
  });
});

describe('spec and versions', () => {
  it('an unversioned id resolves to the newest version', () => {
    expect(spec('regtest/drift').id).toBe('regtest/drift-v2');
    expect(make('regtest/drift').spec?.id).toBe('regtest/drift-v2');
  });

  it('a versioned id resolves exactly', () => {
    expect(spec('regtest/drift-v1').maxEpisodeSteps).toBe(5);
  });

  it('an unknown id is a clear error listing the ids of the same world', () => {
    expect(() => spec('regtest/drift-v9')).toThrow(UnregisteredEnvError);
    expect(() => spec('regtest/drift-v9')).toThrow(
      /Known in regtest: regtest\/drift-v1, regtest\/drift-v2, regtest\/free-v1/,
    );
    expect(() => spec('nowhere/thing-v1')).toThrow(/Known ids: .*regtest\/drift-v1/);
    expect(() => make('regtest/missing')).toThrow(UnregisteredEnvError);
  });

  it('listEnvs is sorted by id', () => {
    const ids = listEnvs().map((s) => s.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['regtest/drift-v1', 'regtest/drift-v2', 'regtest/free-v1']));
  });
});

describe('make', () => {
  it('wraps in OrderEnforcing inside TimeLimit, with the spec limit', () => {
    const env = make('regtest/drift-v1');
    expect(env).toBeInstanceOf(TimeLimit);
    expect((env as TimeLimit<unknown>).maxEpisodeSteps).toBe(5);
    expect(() => env.step({ type: 'move', by: 0 })).toThrow(ResetNeededError);
    env.reset({ seed: 0 });
    const flags = Array.from({ length: 5 }, () => env.step({ type: 'move', by: -3 }).truncated);
    expect(flags).toEqual([false, false, false, false, true]);
  });

  it('honours maxEpisodeSteps overrides and -1 for no limit', () => {
    expect((make('regtest/drift-v1', { maxEpisodeSteps: 3 }) as TimeLimit<unknown>).maxEpisodeSteps).toBe(3);
    expect(make('regtest/drift-v1', { maxEpisodeSteps: -1 })).toBeInstanceOf(OrderEnforcing);
    expect(make('regtest/free-v1')).toBeInstanceOf(ModelEnv);
    for (const bad of [0, 2.5, -2])
      expect(() => make('regtest/drift-v1', { maxEpisodeSteps: bad })).toThrow(/make\(options.maxEpisodeSteps\)/);
  });

  it('passes spec kwargs, overridden by make kwargs, to the factory', () => {
    seen.length = 0;
    make('regtest/drift-v1', { speed: 3, extra: 'x' });
    expect(seen[0]?.kwargs).toEqual({ speed: 3, extra: 'x' });
    expect(seen[0]?.spec.id).toBe('regtest/drift-v1');
  });

  it('returns a fresh instance every time', () => {
    expect(make('regtest/drift-v1')).not.toBe(make('regtest/drift-v1'));
  });
});

describe('env ids and specs', () => {
  it('parses world/family-vN, with an optional version', () => {
    expect(parseEnvId('filesystem/rename-symbol-v12')).toEqual({
      world: 'filesystem',
      family: 'rename-symbol',
      version: 12,
    });
    expect(parseEnvId('mock-web/checkout')).toEqual({ world: 'mock-web', family: 'checkout', version: null });
    for (const bad of ['', 'noslash', 'Upper/case-v1', 'a/b/c-v1', 42 as unknown as string])
      expect(() => parseEnvId(bad)).toThrow(/world\/family-vN/);
  });

  it('specs round-trip through JSON', () => {
    const s = spec('regtest/drift-v1');
    expect(specFromJSON(specToJSON(s))).toEqual(s);
  });
});
