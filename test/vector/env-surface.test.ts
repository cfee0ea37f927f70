/**
 * What every env now has: `render()` as text and the episode-statistics wrapper (return and length
 * at each episode's end, kept across snapshot and restore).
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import type { EnvSnapshot } from '../../src/core/env.js';
import { RecordEpisodeStatistics } from '../../src/core/episode-statistics.js';
import { InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import { ensureCountEnv } from '../fixtures/count-env.js';
import { builtinEnvIds } from '../support/envs.js';
import type { TeamObservation } from '../../src/team/observation.js';
import { runEpisode } from '../../src/team/episode.js';
import { oracleTeam } from '../../agents/oracle.js';

const countId = ensureCountEnv();

describe('observationSpace / actionSpace', () => {
  it('hold every observation and every oracle action of each built-in env', async () => {
    for (const id of builtinEnvIds()) {
      const env = make<TeamObservation>(id);
      const obs = env.observationSpace;
      const act = env.actionSpace;
      expect(obs && act, id).toBeTruthy();
      expect(Array.isArray(act?.jsonSchema()['oneOf'] ?? act?.jsonSchema()['anyOf'])).toBe(true);
      expect(obs?.contains(env.reset({ seed: 2 }).observation)).toBe(true);
      const seen: TeamObservation[] = [];
      const episode = await runEpisode({ env: id, team: oracleTeam, seed: 2, onStep: (_, o) => seen.push(o) });
      expect(seen.length).toBeGreaterThan(0);
      for (const o of seen) expect(obs?.contains(o), id).toBe(true);
      for (const step of episode.trajectory) expect(act?.contains(step.action), JSON.stringify(step.action)).toBe(true);
      expect(act?.contains({ type: 'dance' })).toBe(false);
      expect(obs?.contains({ role: 'x' })).toBe(false);
    }
  }, 60_000);

  it('are null for a model that declares none', () => {
    expect(make(countId).observationSpace).toBeNull();
    expect(make(countId).actionSpace).toBeNull();
  });
});

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
    const snap = JSON.parse(JSON.stringify(env.snapshot())) as EnvSnapshot;
    const other = new RecordEpisodeStatistics(make<string>(countId));
    other.restore(snap);
    expect(other.step(1).info['episode']).toEqual({ r: 7, l: 2 });
    expect(env.step(1).info['episode']).toEqual({ r: 7, l: 2 });
    expect(() => new RecordEpisodeStatistics(make(countId), 0)).toThrow(InvalidArgumentError);
  });
});
