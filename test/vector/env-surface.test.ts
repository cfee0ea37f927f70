/**
 * What every env now has: `render()` as text and the episode-statistics wrapper (return and length
 * at each episode's end, kept across snapshot and restore).
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import { RecordEpisodeStatistics } from '../../src/core/episode-statistics.js';
import { InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import { ensureCountEnv } from '../fixtures/count-env.js';
import { builtinEnvIds } from '../support/envs.js';
import type { TeamObservation } from '../../src/team/observation.js';

const countId = ensureCountEnv();

describe('render()', () => {
  it('is the observation text of a team env, through every wrapper', () => {
    for (const id of builtinEnvIds()) {
      const env = make<TeamObservation>(id);
      expect(() => env.render()).toThrow(ResetNeededError);
      const { observation } = env.reset({ seed: 3 });
      expect(env.render()).toBe(observation.text);
      expect(env.render().length).toBeGreaterThan(0);
    }
  });

  it('is the observation itself when it is a string', () => {
    const env = make<string>(countId);
    env.reset({ seed: 4 });
    expect(env.render()).toBe('4:0');
  });
});

describe('RecordEpisodeStatistics', () => {
  it('adds { r, l } at the end of each episode, truncated ones included, and keeps the queues', () => {
    const env = new RecordEpisodeStatistics(make<string>(countId), 2);
    env.reset({ seed: 1 });
    expect(env.step(3).info['episode']).toBeUndefined();
    expect(env.step(4).info['episode']).toEqual({ r: 7, l: 2 });
    env.reset({ seed: 0 });
    expect(env.step(5).info).toEqual({ t: 1, episode: { r: 5, l: 1 } });
    env.reset({ seed: 2 });
    env.step(1);
    const last = env.step(1);
    expect(last.truncated).toBe(true);
    expect(last.info['episode']).toEqual({ r: 2, l: 2 });
    expect(env.returnQueue).toEqual([5, 2]);
    expect(env.lengthQueue).toEqual([1, 2]);
  });

  it('continues from a snapshot with the same running totals', () => {
    const env = new RecordEpisodeStatistics(make<string>(countId));
    env.reset({ seed: 2 });
    env.step(6);
    const snap = JSON.parse(JSON.stringify(env.snapshot()));
    const other = new RecordEpisodeStatistics(make<string>(countId));
    other.restore(snap);
    expect(other.step(1).info['episode']).toEqual({ r: 7, l: 2 });
    expect(env.step(1).info['episode']).toEqual({ r: 7, l: 2 });
    expect(() => new RecordEpisodeStatistics(make(countId), 0)).toThrow(InvalidArgumentError);
  });
});
