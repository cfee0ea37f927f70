/**
 * AsyncVectorEnv gives the same results as SyncVectorEnv in every autoreset mode, over the count
 * fixture and a built-in team env, with masked resets in between; its errors match too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AsyncVectorEnv } from '../../src/vector/async.js';
import { SyncVectorEnv } from '../../src/vector/sync.js';
import { AUTORESET_MODES, type VectorResetArgs } from '../../src/vector/types.js';
import { ensureCountEnv } from '../fixtures/count-env.js';
import { builtinEnvIds } from '../support/envs.js';
import { BUILTINS_SETUP } from '../../src/builtins.js';
import { ClosedEnvironmentError, ResetNeededError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

const countId = ensureCountEnv();
const countSetup = new URL('../fixtures/count-env.ts', import.meta.url).href;
const opened: AsyncVectorEnv[] = [];
afterAll(async () => {
  await Promise.all(opened.map((v) => v.close()));
});

/** A script of vector calls: resets (some masked) and steps with seeded actions. */
function script(numEnvs: number, length: number, seed: number): Array<VectorResetArgs | unknown[]> {
  const rng = Rng.fromSeed(seed);
  const calls: Array<VectorResetArgs | unknown[]> = [{ seed }];
  for (let k = 0; k < length; k++) {
    if (rng.chance(0.15))
      calls.push({ mask: Array.from({ length: numEnvs }, () => rng.chance(0.5)), seed: rng.int(0, 999) });
    else calls.push(Array.from({ length: numEnvs }, () => rng.int(0, 9)));
  }
  return calls;
}

describe('AsyncVectorEnv', () => {
  for (const mode of AUTORESET_MODES) {
    it(`gives the sync results in ${mode} mode`, async () => {
      const numEnvs = 5;
      const sync = new SyncVectorEnv({ envId: countId, numEnvs, autoresetMode: mode });
      const async = await AsyncVectorEnv.create({
        envId: countId,
        numEnvs,
        autoresetMode: mode,
        workers: 2,
        setup: [countSetup],
      });
      opened.push(async);
      expect(async.metadata).toEqual(sync.metadata);
      let refused = 0;
      let ended = 0;
      for (const call of script(numEnvs, 40, 7)) {
        // In disabled mode a script step may hit an ended sub-env: both refuse it alike.
        const expected = (() => {
          try {
            return { ok: Array.isArray(call) ? sync.step(call) : sync.reset(call) };
          } catch (e) {
            return { error: (e as Error).message };
          }
        })();
        const actual = await (Array.isArray(call) ? async.step(call) : async.reset(call)).then(
          (ok) => ({ ok }),
          (e: Error) => ({ error: e.message }),
        );
        expect(actual).toEqual(expected);
        const ok = 'ok' in expected ? (expected.ok as { terminations?: readonly boolean[] }) : {};
        ended += (ok.terminations ?? []).filter(Boolean).length;
        if (mode === 'disabled' && 'error' in expected) {
          refused++;
          const all = Array.from({ length: numEnvs }, () => true);
          expect(await async.reset({ mask: all })).toEqual(sync.reset({ mask: all }));
        }
      }
      expect(ended).toBeGreaterThan(5);
      if (mode === 'disabled') expect(refused).toBeGreaterThan(0);
    });
  }

  it('gives the sync results on a built-in team env', async () => {
    const envId = builtinEnvIds()[0] as string;
    const sync = new SyncVectorEnv({ envId, numEnvs: 3, autoresetMode: 'same-step' });
    const async = await AsyncVectorEnv.create({
      envId,
      numEnvs: 3,
      autoresetMode: 'same-step',
      workers: 3,
      setup: [BUILTINS_SETUP],
    });
    opened.push(async);
    expect(await async.reset({ seed: 11 })).toEqual(sync.reset({ seed: 11 }));
    const actions = [{ type: 'wait' }, { tool: 'nope', args: {} }, 'garbage'];
    for (let k = 0; k < 6; k++) expect(await async.step(actions)).toEqual(sync.step(actions));
  });

  it('refuses what the sync version refuses, and overlapping calls', async () => {
    const async = await AsyncVectorEnv.create({ envId: countId, numEnvs: 2, setup: [countSetup] });
    opened.push(async);
    await expect(async.step([1, 1])).rejects.toThrow(ResetNeededError);
    await async.reset({ seed: 0 });
    const first = async.step([1, 1]);
    await expect(async.step([1, 1])).rejects.toThrow(/another call was in flight/);
    expect((await first).observations).toEqual(['0:1', '1:1']);
    await async.close();
    await expect(async.step([1, 1])).rejects.toThrow(ClosedEnvironmentError);
    await expect(AsyncVectorEnv.create({ envId: 'nope/none-v1', numEnvs: 1, setup: [countSetup] })).rejects.toThrow(
      /No env registered/,
    );
  });

  it('a worker that dies makes every later call fail clearly; close() still works', async () => {
    const async = await AsyncVectorEnv.create({ envId: countId, numEnvs: 4, workers: 2, setup: [countSetup] });
    opened.push(async);
    await async.reset({ seed: 0 });
    await expect(async.step([1, 1, 'exit-worker', 1])).rejects.toThrow(/lost a worker.*exited \(code 3\)/);
    await expect(async.step([1, 1, 1, 1])).rejects.toThrow(/lost a worker/);
    await expect(async.reset({ seed: 0 })).rejects.toThrow(/lost a worker/);
    await async.close();
  });

  it('a reset some sub-envs refuse resets the others, in both versions alike', async () => {
    const sync = new SyncVectorEnv({ envId: countId, numEnvs: 4 });
    const async = await AsyncVectorEnv.create({ envId: countId, numEnvs: 4, workers: 2, setup: [countSetup] });
    opened.push(async);
    expect(await async.reset({ seed: 10 })).toEqual(sync.reset({ seed: 10 }));
    const args = { seeds: [1, 5, 1, 5], options: { below: 2 } };
    const message = /reset of sub-env 1 refused \(the others were reset\): reset\(\{ seed \}\): got 5/;
    expect(() => sync.reset(args)).toThrow(message);
    await expect(async.reset(args)).rejects.toThrow(message);
    expect(await async.step([1, 1, 1, 1])).toEqual(sync.step([1, 1, 1, 1]));
    // Sub-envs 0 and 2 restarted with seed 1; 1 and 3 kept their episodes (seeds 11 and 13).
    expect(sync.step([2, 2, 2, 2]).observations).toEqual(['1:2', '11:2', '1:2', '13:2']);
  });
});
