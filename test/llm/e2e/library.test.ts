/**
 * The library path, as a user of the package writes it: an `llmTeam` registered in process and
 * run with `evaluate()` against the scripted server (through provider faults); and the LLM setup
 * module passed to `evaluate({ setup })`, which registers the team in every worker, recording a
 * run that a replay from its cassettes reproduces offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { evaluate } from 'faultline';
import { LLM_SETUP, createModelGateway, llmTeam, type LlmSetupOptions } from 'faultline/llm';
import { registerTeam } from 'faultline/teams';
import { oracleReplayResponder, startScriptedModelServer, withFaults } from 'faultline/testing';
import { sized } from '../../support/sizes.js';
import { faultCounts } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-library-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** The variable the teams read their key from: set for each test only. */
const KEY_VAR = 'FAULTLINE_E2E_LIBRARY_KEY';
afterEach(() => {
  delete process.env[KEY_VAR];
});

const ENVS = ['deploy/rollout-v2', 'flaky-api/migrate-records-v1'];

describe('evaluating an LLM team from code', () => {
  it('runs an llmTeam registered in process with evaluate()', async () => {
    const server = await startScriptedModelServer({
      respond: withFaults(oracleReplayResponder({ perturb: 'production' }), {
        serverError: { rate: 0.1 },
        rateLimit: { rate: 0.05, headers: { 'retry-after-ms': '10' } },
        parallel: 0.3,
      }),
      apiKey: 'sk-fake-library',
    });
    process.env[KEY_VAR] = 'sk-fake-library';
    try {
      registerTeam(
        llmTeam({
          id: 'library-llm',
          defaults: { model: 'm', provider: { baseUrl: server.url, apiKeyEnv: KEY_VAR }, temperature: 0 },
          roles: { planner: { prices: { input: 1, output: 4 } } },
          gateway: createModelGateway({ retryBaseMs: 5 }),
        }),
      );
      const { summary, records } = await evaluate({
        envs: ENVS,
        teams: 'library-llm',
        seeds: '0-1',
        perturb: 'production',
        workers: 1,
        concurrency: 4,
      });
      expect(records).toHaveLength(4);
      expect(records.filter((r) => !r.success).map((r) => `${r.id}: ${r.outcome}`)).toEqual([]);
      for (const cell of summary.cells) {
        expect(cell.team).toBe('library-llm');
        expect(cell.usage.calls).toBeGreaterThan(0);
        // Only the planner is priced: the cost of the others is unknown.
        expect(cell.usage.costUsd).toBeNull();
      }
      const faults = faultCounts(server.requests);
      expect(faults['serverError'] ?? 0).toBeGreaterThan(0);
      expect(faults['rateLimit'] ?? 0).toBeGreaterThan(0);
      expect(server.requests.every((r) => r.authorized)).toBe(true);
      console.log(
        `e2e library: ${records.length} episodes, ${server.requests.length} requests, faults ${JSON.stringify(faults)}`,
      );
    } finally {
      await server.close();
    }
  });

  it('loads the LLM setup module on each thread through evaluate({ setup }) (in 2 workers in the full suite), and replays offline', async () => {
    const server = await startScriptedModelServer({ respond: oracleReplayResponder() });
    process.env[KEY_VAR] = 'sk-fake-library';
    const cassettes = join(dir, 'cassettes');
    const options = (mode: 'record' | 'replay'): LlmSetupOptions => ({
      teams: [
        {
          id: 'library-setup-llm',
          defaults: {
            model: 'm',
            provider: { baseUrl: server.url, apiKeyEnv: KEY_VAR },
            prices: { input: 1, output: 4 },
          },
        },
      ],
      gateway: { cassette: { dir: cassettes, mode } },
    });
    const plan = { envs: ENVS, teams: 'library-setup-llm', seeds: [0, 1] } as const;
    const recorded = await evaluate({
      ...plan,
      workers: sized(1, 2),
      setup: [{ url: LLM_SETUP, options: options('record') }],
    }).finally(() => server.close());
    expect(recorded.records).toHaveLength(4);
    expect(recorded.records.every((r) => r.success)).toBe(true);
    for (const cell of recorded.summary.cells) expect(cell.usage.costUsd).toBeGreaterThan(0);
    const calls = server.requests.length;
    expect(calls).toBeGreaterThan(0);

    // The server is closed and the key gone: the replay is offline.
    delete process.env[KEY_VAR];
    const replayed = await evaluate({ ...plan, workers: 1, setup: [{ url: LLM_SETUP, options: options('replay') }] });
    expect(JSON.stringify(replayed.summary)).toBe(JSON.stringify(recorded.summary));
    expect(server.requests).toHaveLength(calls);
  });
});
