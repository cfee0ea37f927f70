/**
 * An LLM team at a world size other than the family's own: its episode id (the one the gateway
 * names in its requests and files its cassette under) carries the size, the scripted model
 * replays the oracle of that episode, and a sized world's answers never share a cassette with the
 * default-size episode of the same seed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import { createModelGateway } from '../../../src/llm/gateway/index.js';
import { llmTeam } from '../../../src/llm/team.js';
import {
  oracleReplayResponder,
  parseEpisodeId,
  startScriptedModelServer,
  type ScriptedModelServer,
} from '../../../src/testing/model-server/index.js';

const KEY_VAR = 'FAULTLINE_E2E_WORLD_SIZE_KEY';
const ENV = 'flaky-api/migrate-records-v1';
const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-world-size-'));
let server: ScriptedModelServer;

beforeAll(async () => {
  loadBuiltins();
  server = await startScriptedModelServer({ respond: oracleReplayResponder(), apiKey: 'sk-fake-size' });
  process.env[KEY_VAR] = 'sk-fake-size';
});

afterAll(async () => {
  delete process.env[KEY_VAR];
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an LLM team at a world size', () => {
  it('reads the size back from an episode id', () => {
    expect(parseEpisodeId('flaky-api.migrate-records-v1__llm__s3__v1__w300__t2')).toEqual({
      envId: 'flaky-api/migrate-records-v1',
      team: 'llm',
      seed: 3,
      variant: 1,
      trial: 2,
      worldSize: 300,
    });
    expect(parseEpisodeId('flaky-api.migrate-records-v1__llm__s3__t0')).not.toHaveProperty('worldSize');
  });

  it('solves the sized episode through the scripted model, filed under the sized id', async () => {
    const team = llmTeam({
      id: 'sized-llm',
      defaults: { model: 'm', provider: { baseUrl: server.url, apiKeyEnv: KEY_VAR }, temperature: 0 },
      gateway: createModelGateway({ cassette: { dir, mode: 'record' } }),
    });
    const sized = await runEpisode({ env: ENV, team, seed: 1, worldSize: 300 });
    expect(sized.error).toBeNull();
    expect(sized).toMatchObject({ outcome: 'success', worldSize: 300 });
    const plain = await runEpisode({ env: ENV, team, seed: 1 });
    expect(plain.outcome).toBe('success');
    expect(readdirSync(dir).sort()).toEqual([
      'flaky-api.migrate-records-v1__sized-llm__s1__t0.jsonl',
      'flaky-api.migrate-records-v1__sized-llm__s1__w300__t0.jsonl',
    ]);
  });
});
