/**
 * The dense reward: ledger progress differences that sum to the progress gained over the episode,
 * within the documented ranges, beside an unchanged sparse reward.
 */
import { describe, expect, it } from 'vitest';
import { DenseReward } from '../../src/team/dense-reward.js';
import { makeTeamEnv } from '../../src/team/team-env.js';
import { runEpisode } from '../../src/team/episode.js';
import { oracleTeam } from '../../agents/oracle.js';
import { builtinEnvIds } from '../support/envs.js';
import { make } from '../../src/core/registry.js';
import { FaultlineError, InvalidArgumentError } from '../../src/core/errors.js';
import type { TeamObservation } from '../../src/team/observation.js';
import type { TeamOptions } from '../../src/team/team-model.js';
import { ensureCountEnv } from '../fixtures/count-env.js';

describe('DenseReward', () => {
  it("follows the oracle's episode from its start progress to 1, sparse reward unchanged", async () => {
    for (const id of builtinEnvIds()) {
      const oracle = await runEpisode({ env: id, team: oracleTeam, seed: 3 });
      expect(oracle.outcome, id).toBe('success');
      const env = new DenseReward(makeTeamEnv(id));
      const start = env.reset({ seed: 3 }).info['progress'] as number;
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThan(1);
      let dense = 0;
      let sparse = 0;
      let progress = start;
      for (const step of oracle.trajectory) {
        const r = env.step(step.action);
        const d = r.info['denseReward'] as number;
        expect(d).toBeGreaterThanOrEqual(-1);
        expect(d).toBeLessThanOrEqual(1);
        expect(r.reward).toBe(step.reward);
        dense += d;
        sparse += r.reward;
        progress = r.info['progress'] as number;
      }
      expect(sparse).toBe(1);
      expect(progress, id).toBe(1);
      expect(dense).toBeCloseTo(1 - start, 10);
    }
  }, 60_000);

  it('in reward mode adds the dense reward to the sparse one; refuses a bad mode and non-team envs', () => {
    const id = builtinEnvIds()[0] as string;
    const env = new DenseReward(makeTeamEnv(id), 'reward');
    env.reset({ seed: 1 });
    const r = env.step({ type: 'finish', status: 'gave_up' });
    expect(r.reward).toBeCloseTo(0 + (r.info['denseReward'] as number), 12);
    expect(() => new DenseReward(makeTeamEnv(id), 'both' as 'info')).toThrow(InvalidArgumentError);
    expect(() => new DenseReward(make<TeamObservation, TeamOptions>(ensureCountEnv()))).toThrow(FaultlineError);
  });
});
