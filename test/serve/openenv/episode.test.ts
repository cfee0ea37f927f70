/**
 * Episodes over `/ws`: the oracle's actions, sent by a client that knows only the protocol, solve
 * the task with the same trajectory digest as in-process; the end carries the grade and the
 * failure-mode metrics in `observation.metadata`; the HTTP routes describe the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { listEnvs } from '../../../src/core/registry.js';
import { startOpenEnvServer, type OpenEnvServer } from '../../../src/serve/openenv/index.js';
import { OpenEnvClient } from './client.js';
import { oracleEpisode, playOver, type EpisodeCase } from './oracle-replay.js';

let server: OpenEnvServer;

beforeAll(async () => {
  loadBuiltins();
  server = await startOpenEnvServer({ port: 0, defaultEnv: 'filesystem/rename-symbol-v1' });
});
afterAll(async () => server.close());

const CASES: EpisodeCase[] = [
  { envId: 'filesystem/rename-symbol-v1', seed: 3, perturb: 'clean', view: 'single' },
  { envId: 'flaky-api/migrate-records-v1', seed: 5, perturb: 'production', view: 'single' },
  { envId: 'deploy/rollout-v2', seed: 2, perturb: 'chaos', view: 'single' },
  { envId: 'mock-web/compare-products-v1', seed: 1, perturb: 'production', view: 'team' },
];

describe('an episode over /ws', () => {
  it.each(CASES)('$envId ($perturb, $view view): the oracle succeeds with the in-process digest', async (c) => {
    const local = await oracleEpisode(c);
    expect(local.outcome).toBe('success');
    const client = await OpenEnvClient.connect(server.wsUrl);
    const played = await playOver(
      client,
      c,
      local.trajectory.map((s) => s.action),
    );
    // Every observation the client saw is the one the in-process episode saw.
    expect(played.observations).toEqual([local.initialObservation, ...local.trajectory.map((s) => s.observation)]);
    expect(played.texts).toEqual(local.texts);
    expect(played.rewards).toEqual([null, ...local.trajectory.map((s) => s.reward)]);
    expect(played.done).toEqual([...local.trajectory.map(() => false), true]);
    const meta = played.last.observation.metadata;
    expect(meta['episode']).toMatchObject({
      outcome: 'success',
      success: true,
      digest: local.digest,
      score: local.score,
    });
    const metrics = meta['metrics'] as Record<string, unknown>;
    expect(Object.keys(metrics).sort()).toEqual(
      ['breaches', 'cascades', 'drift', 'handoffLoss', 'injections', 'noProgress', 'recovery', 'verdict'].sort(),
    );
    expect(played.state).toMatchObject({
      step_count: local.trajectory.length,
      env_id: c.envId,
      seed: c.seed,
      view: c.view,
      perturb: c.perturb,
      done: true,
      outcome: 'success',
    });
    await client.close();
  });

  it('the single view is the default: one role, `agent`, with every tool and the request', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    const first = await client.reset({ seed: 0, episode_id: 'mine' });
    expect(first.observation).toMatchObject({ env: 'filesystem/rename-symbol-v1', role: 'agent', teammates: [] });
    expect(typeof first.observation['request']).toBe('string');
    const meta = first.observation.metadata;
    expect(meta).toMatchObject({ episode_id: 'mine', env_id: 'filesystem/rename-symbol-v1', seed: 0, view: 'single' });
    const roles = meta['roles'] as { id: string; tools: { name: string }[] }[];
    expect(roles.map((r) => r.id)).toEqual(['agent']);
    expect(roles[0]?.tools.length).toBeGreaterThan(0);
    expect(await client.state()).toMatchObject({ episode_id: 'mine', step_count: 0, done: false });
    await client.close();
  });

  it('a new reset on the same connection starts over; another env id swaps the env', async () => {
    const c = CASES[0] as EpisodeCase;
    const local = await oracleEpisode(c);
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ seed: 9, env_id: 'pipeline/research-to-config-v1' });
    await client.step({ type: 'wait', ticks: 1 });
    const played = await playOver(
      client,
      c,
      local.trajectory.map((s) => s.action),
    );
    expect(played.last.observation.metadata['episode']).toMatchObject({ digest: local.digest });
    // The ended episode refuses further steps until the next reset.
    const after = await client.request('step', { type: 'wait', ticks: 1 });
    expect(after).toMatchObject({ type: 'error', data: { code: 'EXECUTION_ERROR' } });
    await client.close();
  });
});

describe('the HTTP routes', () => {
  it('GET /health, /schema and /metadata', async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'healthy', max_sessions: 64 });
    const schema = (await (await fetch(`${server.url}/schema`)).json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(schema).sort()).toEqual(['action', 'observation', 'reset', 'state']);
    expect(JSON.stringify(schema['action'])).toContain('handoff');
    expect(schema['state']?.['required']).toEqual(['episode_id', 'step_count']);
    const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ name: 'faultline', default_env: 'filesystem/rename-symbol-v1' });
    expect((metadata['envs'] as { id: string }[]).map((e) => e.id)).toEqual(listEnvs().map((s) => s.id));
  });

  it('GET /openapi.json declares the OpenEnv API version and no HTTP episode routes', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      info: { version: string };
      paths: Record<string, unknown>;
    };
    expect(doc.info.version).toMatch(/^1\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/metadata', '/schema']);
  });

  it('unknown routes and methods are JSON errors', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/health`, { method: 'POST' })).status).toBe(405);
  });
});
