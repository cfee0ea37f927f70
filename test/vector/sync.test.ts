/**
 * SyncVectorEnv against Gymnasium 1.x's autoreset definitions, over the count fixture: sub-env i
 * reset with seed i lasts 1 + i % 3 steps and the spec's time limit is 2 (sub-env 2 is truncated at
 * 2; sub-env 1 ends at the limit, so both its flags are true, as Gymnasium's TimeLimit defines),
 * observations are "seed:t" and a step's reward is its action.
 */
import { describe, expect, it } from 'vitest';
import { SyncVectorEnv } from '../../src/vector/sync.js';
import { ensureCountEnv } from '../fixtures/count-env.js';
import { InvalidArgumentError, ResetNeededError, ClosedEnvironmentError } from '../../src/core/errors.js';
import { Rng, deriveSeed } from '../../src/core/rng.js';
import type { AutoresetMode } from '../../src/vector/types.js';

const id = ensureCountEnv();

/** The seed of the unseeded reset that follows a reset seeded with `s` (the env's seed stream). */
function nextSeed(s: number): number {
  return Rng.fromSeed(deriveSeed(s, 'resets')).uint32();
}
const len = (s: number): number => 1 + (s % 3);

function vector(mode?: AutoresetMode): SyncVectorEnv<string> {
  return new SyncVectorEnv<string>({ envId: id, numEnvs: 3, ...(mode ? { autoresetMode: mode } : {}) });
}

describe('SyncVectorEnv', () => {
  it('advertises its autoreset mode, next-step by default', () => {
    expect(vector().metadata).toEqual({ autoresetMode: 'next-step' });
    expect(vector('same-step').metadata.autoresetMode).toBe('same-step');
  });

  it('reset seeds sub-env i with seed + i, or with seeds[i]', () => {
    const v = vector();
    expect(v.reset({ seed: 0 })).toEqual({
      observations: ['0:0', '1:0', '2:0'],
      infos: [
        { seed: 0, length: 1 },
        { seed: 1, length: 2 },
        { seed: 2, length: 3 },
      ],
    });
    expect(v.reset({ seeds: [7, 5, 9] }).observations).toEqual(['7:0', '5:0', '9:0']);
  });

  it('next-step: the step after an end resets, ignores the action, reward 0 and both flags false', () => {
    const v = vector('next-step');
    v.reset({ seed: 0 });
    expect(v.step([5, 6, 7])).toEqual({
      observations: ['0:1', '1:1', '2:1'],
      rewards: [5, 6, 7],
      terminations: [true, false, false],
      truncations: [false, false, false],
      infos: [{ t: 1 }, { t: 1 }, { t: 1 }],
    });
    const n0 = nextSeed(0);
    expect(v.step([8, 9, 10])).toEqual({
      observations: [`${n0}:0`, '1:2', '2:2'],
      rewards: [0, 9, 10],
      terminations: [false, true, false],
      truncations: [false, true, true],
      infos: [
        { seed: n0, length: len(n0) },
        { t: 2, timeLimit: 2 },
        { t: 2, timeLimit: 2 },
      ],
    });
    const n1 = nextSeed(1);
    const n2 = nextSeed(2);
    const third = v.step([11, 12, 13]);
    expect(third.observations).toEqual([`${n0}:1`, `${n1}:0`, `${n2}:0`]);
    expect(third.rewards).toEqual([11, 0, 0]);
    expect(third.terminations).toEqual([len(n0) === 1, false, false]);
    expect(third.truncations).toEqual([false, false, false]);
    expect(third.infos.slice(1)).toEqual([
      { seed: n1, length: len(n1) },
      { seed: n2, length: len(n2) },
    ]);
  });

  it('same-step: the ending step returns the reset observation, the final one in info', () => {
    const v = vector('same-step');
    v.reset({ seed: 0 });
    const n0 = nextSeed(0);
    expect(v.step([5, 6, 7])).toEqual({
      observations: [`${n0}:0`, '1:1', '2:1'],
      rewards: [5, 6, 7],
      terminations: [true, false, false],
      truncations: [false, false, false],
      infos: [{ seed: n0, length: len(n0), final_obs: '0:1', final_info: { t: 1 } }, { t: 1 }, { t: 1 }],
    });
    const n1 = nextSeed(1);
    const n2 = nextSeed(2);
    const second = v.step([8, 9, 10]);
    expect(second.observations).toEqual([`${n0}:1`, `${n1}:0`, `${n2}:0`]);
    expect(second.rewards).toEqual([8, 9, 10]);
    expect(second.terminations).toEqual([len(n0) === 1, true, false]);
    expect(second.truncations).toEqual([false, true, true]);
    expect(second.infos.slice(1)).toEqual([
      { seed: n1, length: len(n1), final_obs: '1:2', final_info: { t: 2, timeLimit: 2 } },
      { seed: n2, length: len(n2), final_obs: '2:2', final_info: { t: 2, timeLimit: 2 } },
    ]);
  });

  it('disabled: stepping an ended sub-env is refused and changes nothing; a masked reset restarts it', () => {
    const v = vector('disabled');
    v.reset({ seed: 0 });
    expect(v.step([5, 6, 7]).terminations).toEqual([true, false, false]);
    expect(() => v.step([1, 1, 1])).toThrow(ResetNeededError);
    expect(() => v.step([1, 1, 1])).toThrow(/sub-env 0 ended and autoreset is disabled/);
    expect(v.reset({ seeds: [3, null, null], mask: [true, false, false] })).toEqual({
      observations: ['3:0', '1:1', '2:1'],
      infos: [{ seed: 3, length: 1 }, {}, {}],
    });
    // The refused steps did not advance sub-envs 1 and 2.
    expect(v.step([8, 9, 10])).toEqual({
      observations: ['3:1', '1:2', '2:2'],
      rewards: [8, 9, 10],
      terminations: [true, true, false],
      truncations: [false, true, true],
      infos: [{ t: 1 }, { t: 2, timeLimit: 2 }, { t: 2, timeLimit: 2 }],
    });
  });

  it('a masked reset clears a pending next-step autoreset and leaves the other sub-envs alone', () => {
    const v = vector('next-step');
    v.reset({ seed: 0 });
    v.step([1, 1, 1]);
    expect(v.reset({ seed: 4, mask: [true, false, false] })).toEqual({
      observations: ['4:0', '1:1', '2:1'],
      infos: [{ seed: 4, length: 2 }, {}, {}],
    });
    const r = v.step([3, 3, 3]);
    expect(r.observations).toEqual(['4:1', '1:2', '2:2']);
    expect(r.rewards).toEqual([3, 3, 3]);
  });

  it('refuses bad arguments with clear errors and keeps working', () => {
    const v = vector();
    expect(() => v.step([1, 1, 1])).toThrow(ResetNeededError);
    expect(() => v.reset({ mask: [true] })).toThrow(InvalidArgumentError);
    expect(() => v.reset({ seed: 0, seeds: [0, 1, 2] })).toThrow(InvalidArgumentError);
    expect(() => v.reset({ seeds: [0, -1, 2] })).toThrow(InvalidArgumentError);
    expect(() => v.reset({ seed: 4294967295 })).toThrow(InvalidArgumentError);
    expect(() => v.reset({ mask: [true, false, false] })).toThrow(ResetNeededError);
    v.reset({ seed: 0 });
    expect(() => v.step([1, 1])).toThrow(InvalidArgumentError);
    expect(() => v.step('go' as unknown as unknown[])).toThrow(InvalidArgumentError);
    expect(v.step([0, 0, 0]).observations).toEqual(['0:1', '1:1', '2:1']);
    v.close();
    v.close();
    expect(() => v.step([0, 0, 0])).toThrow(ClosedEnvironmentError);
    expect(() => new SyncVectorEnv({ envId: id, numEnvs: 0 })).toThrow(InvalidArgumentError);
    expect(() => new SyncVectorEnv({ envId: id, numEnvs: 1, autoresetMode: 'sometimes' as AutoresetMode })).toThrow(
      InvalidArgumentError,
    );
  });
});
