/**
 * The LLM setup module: plain-JSON options (as a worker receives them) become registered teams
 * behind one gateway per thread, built by the installed factory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { oracleTeam } from '../../agents/oracle.js';
import { loadBuiltins } from '../../src/builtins.js';
import { LLM_SETUP, setGatewayFactory, setup, type LlmSetupOptions } from '../../src/llm/setup.js';
import type { LlmGatewayConfig } from '../../src/llm/team-config.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { oracleScript, ScriptedGateway } from './agent/scripted-gateway.js';

loadBuiltins();
const ENV = 'mock-web/compare-products-v1';

const OPTIONS: LlmSetupOptions = {
  teams: [
    {
      id: 'setup-test-a',
      defaults: { model: 'priced', provider: { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' } },
    },
    {
      id: 'setup-test-b',
      defaults: { model: 'unpriced', provider: { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' } },
      roles: { planner: { model: 'priced', temperature: 0.5 } },
      maxTextReplies: 2,
    },
  ],
  gateway: { cassette: { dir: '/tmp/cassettes', mode: 'auto' }, maxRetries: 2, requestTimeoutMs: 5000 },
  prices: { priced: { input: 1, output: 1 } },
};

afterEach(() => setGatewayFactory(null));

describe('setup(options)', () => {
  it('builds the built-in gateway when no factory is installed (no call is made until a team acts)', () => {
    expect(() => setup(OPTIONS)).not.toThrow();
    expect(findTeam('setup-test-a')).toBeDefined();
  });

  it('builds one gateway from the gateway settings and registers every team on it', async () => {
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
    const configs: LlmGatewayConfig[] = [];
    const gateway = new ScriptedGateway(oracleScript(oracle));
    setGatewayFactory((config) => {
      configs.push(config);
      return gateway;
    });
    // Options travel to workers by structured clone: they must survive it.
    setup(structuredClone(OPTIONS));
    expect(configs).toEqual([OPTIONS.gateway]);
    expect(LLM_SETUP).toMatch(/setup\.(ts|js)$/);

    const a = findTeam('setup-test-a');
    const result = await runEpisode({ env: ENV, team: a!, seed: 0 });
    expect(result.digest).toBe(oracle.digest);
    expect(result.usage?.costUsd).toBeGreaterThan(0);

    // Team b: the planner's model has a price in the table, the other roles' model none.
    gateway.calls.length = 0;
    const b = await runEpisode({ env: ENV, team: findTeam('setup-test-b')!, seed: 0 });
    expect(b.digest).toBe(oracle.digest);
    const planner = gateway.calls.filter((c) => c.role === 'planner');
    expect(planner[0]?.settings).toMatchObject({ model: 'priced', temperature: 0.5, prices: { input: 1, output: 1 } });
    expect(planner[0]?.request).toMatchObject({ model: 'priced', temperature: 0.5 });
    expect(gateway.calls.find((c) => c.role !== 'planner')?.request.model).toBe('unpriced');
    expect(b.usage?.costUsd).toBeNull();
    expect(b.usage?.byRole['planner']?.costUsd).toBeGreaterThan(0);
  });
});
