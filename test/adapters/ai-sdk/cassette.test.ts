/**
 * An AI SDK team's model answers go to a cassette and come back from it: an episode recorded with
 * the scripted models replays with models that would fail if called, to the same digest and
 * model calls; a replay with nothing recorded is an agent error that names the missing call.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockLanguageModelV3 } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { aiSdkTeam, type AiSdkTeamConfig } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedModels } from './scripted.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 2;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function play(roles: AiSdkTeamConfig['roles'], cassette: AiSdkTeamConfig['cassette']): Promise<EpisodeResult> {
  const team = aiSdkTeam({ id: 'ai-sdk-cassette', roles, ...(cassette ? { cassette } : {}) });
  return team.play({ env: ENV, team, seed: SEED, perturb: 'production' });
}

describe('aiSdkTeam cassettes', () => {
  it('replays a recorded episode without calling a model, to the same digest and calls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-ai-sdk-'));
    dirs.push(dir);
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb: 'production' });
    const scripted = scriptedModels(oracle.trajectory);
    const recorded = await play(Object.fromEntries(Object.entries(scripted).map(([r, model]) => [r, { model }])), {
      dir,
      mode: 'record',
    });
    expect(recorded.outcome).toBe('success');
    expect(await readdir(dir)).toHaveLength(1);

    // The same model ids (a key covers the model), but no answers.
    const unreachable = Object.keys(scripted).map(
      (role) =>
        new MockLanguageModelV3({
          modelId: `scripted-${role}`,
          doGenerate: () => Promise.reject(new Error('a replay must not call the model')),
        }),
    );
    const replayed = await play(
      Object.fromEntries(Object.keys(scripted).map((r, i) => [r, { model: unreachable[i] as MockLanguageModelV3 }])),
      { dir, mode: 'replay' },
    );
    expect(replayed.error?.message ?? '').toBe('');
    expect(replayed.outcome).toBe('success');
    expect(replayed.digest).toBe(recorded.digest);
    expect(replayed.trajectory.map((s) => s.turn?.calls.map((c) => [c.key, c.message]))).toEqual(
      recorded.trajectory.map((s) => s.turn?.calls.map((c) => [c.key, c.message])),
    );
    expect(unreachable.flatMap((m) => m.doGenerateCalls)).toHaveLength(0);
  });

  it('a replay miss is an agent error naming the missing call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-ai-sdk-'));
    dirs.push(dir);
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });
    const unreachable = new MockLanguageModelV3();
    const roles = [...new Set(oracle.trajectory.map((s) => s.role))];
    const result = await play(Object.fromEntries(roles.map((r) => [r, { model: unreachable }])), {
      dir,
      mode: 'replay',
    });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/No recorded answer for episode .*model call #1/);
  });
});
