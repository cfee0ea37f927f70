/**
 * 64 connections at once (24 in `npm test`, still every env, profile and view): each plays its own episode (every built-in env, several profiles and
 * both views), and what each one sees is identical to the same episode played alone — no
 * connection reaches another's env or episode.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { builtinEnvIds } from '../../support/envs.js';
import { sized } from '../../support/sizes.js';
import type { EpisodeResult } from '../../../src/team/episode.js';
import { startOpenEnvServer, type OpenEnvServer } from '../../../src/serve/openenv/index.js';
import { OpenEnvClient } from './client.js';
import { oracleEpisode, playOver, type EpisodeCase, type PlayedEpisode } from './oracle-replay.js';

const CONNECTIONS = sized(24, 64);
const PROFILES = ['clean', 'production', 'chaos'];

let server: OpenEnvServer;
let cases: EpisodeCase[];
let local: EpisodeResult[];
/** The most sessions the server held at once while a test's connections played. */
let peak = 0;

beforeAll(async () => {
  loadBuiltins();
  server = await startOpenEnvServer({ port: 0, maxSessions: CONNECTIONS });
  const envs = builtinEnvIds();
  cases = Array.from({ length: CONNECTIONS }, (_, i) => ({
    envId: envs[i % envs.length] as string,
    seed: 100 + i,
    perturb: PROFILES[i % PROFILES.length] as string,
    view: i % 4 === 3 ? 'team' : 'single',
  }));
  local = [];
  for (const c of cases) local.push(await oracleEpisode(c));
});
afterAll(async () => server.close());

/** Plays case i on a fresh connection and closes it. */
async function play(i: number): Promise<PlayedEpisode> {
  const client = await OpenEnvClient.connect(server.wsUrl);
  const first = await client.state();
  peak = Math.max(peak, server.sessions());
  expect(first).toMatchObject({ episode_id: null, step_count: 0 });
  const played = await playOver(
    client,
    cases[i] as EpisodeCase,
    (local[i] as EpisodeResult).trajectory.map((s) => s.action),
  );
  await client.close();
  return played;
}

describe(`${CONNECTIONS} concurrent connections`, () => {
  it('give per-connection results identical to sequential runs', async () => {
    const sequential: PlayedEpisode[] = [];
    for (let i = 0; i < CONNECTIONS; i++) sequential.push(await play(i));
    peak = 0;
    const concurrent = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => play(i)));
    expect(peak).toBe(CONNECTIONS);
    // The server frees a session once the closing handshake is over on its side too.
    await vi.waitFor(() => expect(server.sessions()).toBe(0));
    for (let i = 0; i < CONNECTIONS; i++) {
      const s = sequential[i] as PlayedEpisode;
      const c = concurrent[i] as PlayedEpisode;
      // Episode ids are the server's own (random) names; everything else must match exactly.
      const strip = (p: PlayedEpisode) => ({
        ...p,
        state: { ...p.state, episode_id: null },
        last: {
          ...p.last,
          observation: { ...p.last.observation, metadata: { ...p.last.observation.metadata, episode_id: null } },
        },
      });
      expect(strip(c)).toEqual(strip(s));
      expect(c.last.observation.metadata['episode']).toMatchObject({ digest: (local[i] as EpisodeResult).digest });
    }
    expect(
      concurrent.filter((p) => (p.last.observation.metadata['episode'] as { success: boolean }).success).length,
    ).toBe(local.filter((r) => r.success).length);
  });
});
