/**
 * A team that plays its own episodes (the framework adapters, the command team, remote roles)
 * plays the world at the size the run asks for: its hosted episode, and the episode id its
 * cassettes and records are keyed by, carry the size, and the oracle's actions played through
 * the host give the in-process digest at that size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { oracleTeam } from '../../agents/oracle.js';
import { runEpisode, type RunEpisodeOptions } from '../../src/team/episode.js';
import { EpisodeHost } from '../../src/serve/mcp/episode-host.js';
import { hostOptionsOf, playedEpisode } from '../../src/serve/playing-team.js';

const ENV = 'filesystem/rename-symbol-v1';

beforeAll(() => loadBuiltins());

describe('a playing team at a world size', () => {
  const options = (worldSize?: RunEpisodeOptions['worldSize']): RunEpisodeOptions => ({
    env: ENV,
    team: oracleTeam,
    seed: 2,
    ...(worldSize !== undefined ? { worldSize } : {}),
  });

  it('names its episode with the size, and only when a size is asked for', () => {
    expect(playedEpisode('mine', options('small')).id).toBe('filesystem.rename-symbol-v1__mine__s2__w100__t0');
    expect(playedEpisode('mine', options(300)).id).toBe('filesystem.rename-symbol-v1__mine__s2__w300__t0');
    expect(playedEpisode('mine', options()).id).toBe('filesystem.rename-symbol-v1__mine__s2__t0');
    expect(() => playedEpisode('mine', options('huge' as never))).toThrow(/worldSize.*"huge"/);
  });

  it('hosts the sized world: the oracle played through the host has the in-process digest at that size', async () => {
    const sized = await runEpisode(options(300));
    const plain = await runEpisode(options());
    expect(sized.digest).not.toBe(plain.digest);
    const host = EpisodeHost.open(hostOptionsOf('mine', ENV, options(300)));
    expect(host.start.worldSize).toBe(300);
    for (const step of sized.trajectory) {
      const stepped = await host.act(step.role, step.action);
      expect(stepped.ok).toBe(true);
    }
    const result = await host.result;
    expect(result).toMatchObject({ outcome: 'success', worldSize: 300, digest: sized.digest });
  });
});
