/**
 * `out`: the server records every episode played over `/ws` into a run directory. An episode
 * that ends is recorded with the in-process digest and named in its last observation's metadata;
 * a repeated env and seed is the next trial; an asked-for trial already taken is a clear error;
 * an episode the client leaves mid-way is released, or, with `recordAbandoned`, recorded as
 * `agent_error` with the reason; closing the server completes the directory, which `replay` reads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { findTeam } from '../../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import type { RunManifest } from '../../../src/run/manifest.js';
import type { EpisodeRecord } from '../../../src/run/records.js';
import { startOpenEnvServer, type OpenEnvRecordOptions, type OpenEnvServer } from '../../../src/serve/openenv/index.js';
import { cliInProcess } from '../../support/cli.js';
import { OpenEnvClient } from './client.js';

const ENV = 'flaky-api/migrate-records-v1';
const dirs: string[] = [];
const servers: OpenEnvServer[] = [];

beforeAll(() => loadBuiltins());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(out: Omit<OpenEnvRecordOptions, 'dir'>, idleTimeoutMs?: number): Promise<OpenEnvServer> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-openenv-out-'));
  dirs.push(dir);
  const server = await startOpenEnvServer({
    port: 0,
    defaultEnv: ENV,
    out: { dir, indexIntervalMs: 0, ...out },
    ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
  });
  servers.push(server);
  return server;
}

/** The oracle's episode in-process, for the actions a client replays and the digest to match. */
async function oracle(seed: number, trial: number): Promise<EpisodeResult> {
  const team = findTeam('oracle');
  if (!team) throw new Error('the oracle team is not registered');
  return runEpisode({ env: ENV, team: { ...team, view: 'single' }, seed, trial, perturb: 'production' });
}

const recordsOf = (server: OpenEnvServer): EpisodeRecord[] => [...(server.run?.recorded ?? [])];
const dirOf = (server: OpenEnvServer): string => server.run?.dir ?? '';

describe('recording over /ws', () => {
  it('records each ended episode, repeats as the next trial, names the record in the metadata', async () => {
    const server = await start({});
    const client = await OpenEnvClient.connect(server.wsUrl);
    for (const trial of [0, 1]) {
      const local = await oracle(5, trial);
      const first = await client.reset({ seed: 5, perturb: 'production' });
      expect(first.observation.metadata).toMatchObject({ trial, team_id: 'openenv' });
      let last = first;
      for (const s of local.trajectory) last = await client.step(s.action);
      expect(last.done).toBe(true);
      const id = `flaky-api.migrate-records-v1__openenv__s5__t${trial}`;
      expect(last.observation.metadata['record']).toEqual({ id, trajectory_file: `trajectories/${id}.jsonl` });
      expect(last.observation.metadata['episode']).toMatchObject({ success: true, digest: local.digest });
    }
    expect(recordsOf(server).map((r) => [r.trial, r.outcome, r.digest])).toEqual([
      [0, 'success', (await oracle(5, 0)).digest],
      [1, 'success', (await oracle(5, 1)).digest],
    ]);
    // A trial already recorded, asked for again, is refused by name; the connection goes on.
    const clash = await client.request('reset', { seed: 5, perturb: 'production', trial: 1 });
    expect(clash).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR', field: 'trial' } });
    expect(String(clash.data['message'])).toContain('flaky-api.migrate-records-v1__openenv__s5__t1');
    const bad = await client.request('reset', { seed: 5, team_id: '../escape' });
    expect(bad).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR', field: 'team_id' } });
    expect((await client.reset({ seed: 5, team_id: 'my-trainer' })).observation.metadata).toMatchObject({
      trial: 0,
      team_id: 'my-trainer',
    });
    await client.close();
    await server.close();
    expect(JSON.parse(readFileSync(join(dirOf(server), 'run.json'), 'utf8'))).toMatchObject({
      status: 'complete',
      recorded: 2,
    } satisfies Partial<RunManifest>);
    const replay = await cliInProcess(['replay', dirOf(server)]);
    expect(replay.stdout).toContain('2/2 trajectories replayed identically');
  }, 30_000);

  it('plays and records the world size a reset asks for, or the server default; a bad one is refused by name', async () => {
    const team = { ...(findTeam('oracle') as NonNullable<ReturnType<typeof findTeam>>), view: 'single' as const };
    const sized = await runEpisode({ env: ENV, team, seed: 4, perturb: 'production', worldSize: 300 });
    const server = await start({});
    const client = await OpenEnvClient.connect(server.wsUrl);
    const first = await client.reset({ seed: 4, perturb: 'production', world_size: 300 });
    expect(first.observation.metadata).toMatchObject({ world_size: 300 });
    expect(await client.state()).toMatchObject({ seed: 4, world_size: 300 });
    let last = first;
    for (const s of sized.trajectory) last = await client.step(s.action);
    const id = 'flaky-api.migrate-records-v1__openenv__s4__w300__t0';
    expect(last.observation.metadata['record']).toEqual({ id, trajectory_file: `trajectories/${id}.jsonl` });
    expect(last.observation.metadata['episode']).toMatchObject({ success: true, digest: sized.digest });
    // The same seed at the family's own size is another episode: trial 0 again.
    const plain = await client.reset({ seed: 4, perturb: 'production' });
    expect(plain.observation.metadata).toMatchObject({ trial: 0 });
    expect(plain.observation.metadata).not.toHaveProperty('world_size');
    const bad = await client.request('reset', { seed: 4, world_size: 'huge' });
    expect(bad).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR', field: 'world_size' } });
    await client.close();
    const small = await startOpenEnvServer({ port: 0, defaultEnv: ENV, worldSize: 'small' });
    servers.push(small);
    const other = await OpenEnvClient.connect(small.wsUrl);
    expect((await other.reset({ seed: 4 })).observation.metadata).toMatchObject({ world_size: 100 });
    expect((await other.reset({ seed: 4, world_size: 'medium' })).observation.metadata).toMatchObject({
      world_size: 1000,
    });
    await other.close();
    await server.close();
    const replay = await cliInProcess(['replay', dirOf(server)]);
    expect(replay.stdout).toContain('1/1 trajectories replayed identically');
    expect(recordsOf(server).map((r) => [r.id, r.worldSize])).toEqual([[id, 300]]);
  });

  it('records episodes played on many connections at once, each intact', async () => {
    const server = await start({ indexIntervalMs: 1000 });
    const seeds = Array.from({ length: 16 }, (_, i) => 20 + i);
    const locals = await Promise.all(seeds.map((seed) => oracle(seed, 0)));
    await Promise.all(
      seeds.map(async (seed, i) => {
        const client = await OpenEnvClient.connect(server.wsUrl);
        await client.reset({ seed, perturb: 'production' });
        for (const s of (locals[i] as EpisodeResult).trajectory) await client.step(s.action);
        await client.close();
      }),
    );
    await server.close();
    expect(recordsOf(server).map((r) => [r.seed, r.digest])).toEqual(
      expect.arrayContaining(seeds.map((seed, i) => [seed, (locals[i] as EpisodeResult).digest])),
    );
    const run = JSON.parse(readFileSync(join(dirOf(server), 'summary.json'), 'utf8')) as {
      cells: { episodes: number; successes: number }[];
    };
    expect(run.cells).toMatchObject([{ episodes: 16, successes: 16 }]);
    expect((await cliInProcess(['replay', dirOf(server)])).stdout).toContain('16/16 trajectories replayed identically');
  });

  it('releases an episode left mid-way by default: nothing is written and its trial is free again', async () => {
    const server = await start({});
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ seed: 2 });
    await client.step({ type: 'wait', ticks: 1 });
    expect((await client.reset({ seed: 2 })).observation.metadata).toMatchObject({ trial: 0 });
    await client.close();
    await vi.waitFor(() => expect(server.sessions()).toBe(0));
    expect(recordsOf(server)).toEqual([]);
    expect(readFileSync(join(dirOf(server), 'episodes.jsonl'), 'utf8')).toBe('');
  });

  it('with recordAbandoned, records each left episode as agent_error with the reason', async () => {
    const server = await start({ recordAbandoned: true }, 400);
    const step = { type: 'wait', ticks: 1 };
    const a = await OpenEnvClient.connect(server.wsUrl);
    await a.reset({ seed: 1 });
    await a.step(step);
    await a.reset({ seed: 1 }); // leaves trial 0; this one is trial 1
    await a.close(); // leaves trial 1
    const b = await OpenEnvClient.connect(server.wsUrl);
    await b.reset({ seed: 2 });
    await b.closed(); // idle: reaped after 400 ms
    const c = await OpenEnvClient.connect(server.wsUrl);
    await c.reset({ seed: 3 });
    await c.step(step);
    await server.close();
    const left = Object.fromEntries(recordsOf(server).map((r) => [`s${r.seed}t${r.trial}`, r]));
    expect(Object.keys(left).sort()).toEqual(['s1t0', 's1t1', 's2t0', 's3t0']);
    for (const r of Object.values(left)) expect(r.outcome).toBe('agent_error');
    expect(left['s1t0']?.error).toMatchObject({ step: 1 });
    expect(left['s1t0']?.error?.message).toMatch(/reset before/);
    expect(left['s1t1']?.error).toMatchObject({ step: 0 });
    expect(left['s1t1']?.error?.message).toMatch(/sent close/);
    expect(left['s2t0']?.error?.message).toMatch(/idle for 400 ms/);
    expect(left['s3t0']?.error?.message).toMatch(/server stopped/);
    const replay = await cliInProcess(['replay', dirOf(server)]);
    expect(replay.stdout).toContain('4/4 trajectories replayed identically');
  });

  it('a reset without a seed that gets a later trial keeps the seed stream of a server that records nothing', async () => {
    const plain = await startOpenEnvServer({ port: 0, defaultEnv: ENV });
    servers.push(plain);
    const recording = await start({});
    const resets = async (client: OpenEnvClient, n: number): Promise<Record<string, unknown>[]> => {
      const seen = [];
      for (let i = 0; i < n; i++) seen.push((await client.reset({})).observation);
      return seen;
    };
    const onPlain = await OpenEnvClient.connect(plain.wsUrl);
    const expected = (await resets(onPlain, 3)).map((o) => (o['metadata'] as Record<string, unknown>)['seed']);
    // Another connection holds trial 0 of the stream's first seed, so this one plays trial 1 of it.
    const hold = await OpenEnvClient.connect(recording.wsUrl);
    await hold.reset({});
    const client = await OpenEnvClient.connect(recording.wsUrl);
    const seen = await resets(client, 3);
    expect(seen.map((o) => o['metadata'])).toMatchObject([
      { seed: expected[0], trial: 1 },
      { seed: expected[1], trial: 0 },
      { seed: expected[2], trial: 0 },
    ]);
    const { metadata: _m, ...trialOne } = (await onPlain.reset({ seed: expected[0], trial: 1 })).observation;
    const { metadata: _n, ...played } = seen[0] as Record<string, unknown>;
    expect(played).toEqual(trialOne);
    for (const c of [onPlain, hold, client]) await c.close();
  });

  it('refuses a directory that holds a run, or that another server records into; overwrite starts over', async () => {
    const first = await start({});
    const dir = dirOf(first);
    const again = { port: 0, defaultEnv: ENV, out: { dir, indexIntervalMs: 0 } };
    await expect(startOpenEnvServer({ ...again, out: { ...again.out, resume: true } })).rejects.toThrow(
      /is in use by faultline serve/,
    );
    await first.close();
    await expect(startOpenEnvServer(again)).rejects.toThrow(/already holds a complete run.*--overwrite/);
    const replaced = await startOpenEnvServer({ ...again, out: { ...again.out, overwrite: true } });
    servers.push(replaced);
    expect(recordsOf(replaced)).toEqual([]);
  });
});
