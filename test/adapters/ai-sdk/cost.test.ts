/**
 * Prices make an AI SDK team's costs known: every model call's `costUsd` is its tokens at its
 * role's prices (a role's own, else the team's), the episode's usage sums them per role, and a
 * run's summary sums the episodes' — as for the `llm` team. Without prices a cost is unknown
 * (null), never 0. Calls no step took (a model that only talked) are counted too.
 */
import { MockLanguageModelV3 } from 'ai/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { aiSdkTeam, type AiSdkTeamConfig } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { costUsd } from '../../../src/llm/gateway/cost.js';
import type { Prices } from '../../../src/llm/types.js';
import { runEvaluation } from '../../../src/run/runner.js';
import { registerTeam } from '../../../src/team/agent.js';
import type { EpisodeResult } from '../../../src/team/episode.js';
import { oracleScript, promptOracleModel, type OracleScript } from './prompt-oracle.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEEDS = [0, 1];
const TEAM_PRICES: Prices = { input: 0.4, output: 1.6, cachedInput: 0.1 };
const PLANNER_PRICES: Prices = { input: 3, output: 15 };

let script: OracleScript;
beforeAll(async () => {
  script = await oracleScript(ENV, SEEDS, 'production');
});

function team(id: string, prices: boolean): AiSdkTeamConfig {
  const model = promptOracleModel(script);
  return {
    id,
    roles: {
      planner: { model, ...(prices ? { prices: PLANNER_PRICES } : {}) },
      executor: { model },
      reviewer: { model },
    },
    ...(prices ? { prices: TEAM_PRICES } : {}),
  };
}

async function play(config: AiSdkTeamConfig, seed: number): Promise<EpisodeResult> {
  const t = aiSdkTeam(config);
  return t.play({ env: ENV, team: t, seed, perturb: 'production' });
}

describe('AI SDK team costs', () => {
  it("prices each call at its role's prices and sums them into the episode's usage", async () => {
    const result = await play(team('ai-sdk-priced', true), 0);
    expect(result.outcome).toBe('success');
    let total = 0;
    const byRole: Record<string, number> = {};
    for (const step of result.trajectory)
      for (const call of step.turn?.calls ?? []) {
        const expected = costUsd(call.usage, step.role === 'planner' ? PLANNER_PRICES : TEAM_PRICES) as number;
        expect(call.costUsd).toBeCloseTo(expected, 12);
        expect(call.costUsd).toBeGreaterThan(0);
        total += expected;
        byRole[step.role] = (byRole[step.role] ?? 0) + expected;
      }
    expect(result.usage?.calls).toBe(result.steps);
    expect(result.usage?.cachedTokens).toBe(50 * result.steps);
    expect(result.usage?.costUsd).toBeCloseTo(total, 8);
    for (const [role, cost] of Object.entries(byRole)) expect(result.usage?.byRole[role]?.costUsd).toBeCloseTo(cost, 8);
  });

  it('without prices every cost is unknown (null), tokens still counted', async () => {
    const result = await play(team('ai-sdk-unpriced', false), 1);
    expect(result.outcome).toBe('success');
    expect(result.trajectory.flatMap((s) => s.turn?.calls ?? []).every((c) => c.costUsd === null)).toBe(true);
    expect(result.usage?.costUsd).toBeNull();
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
  });

  it('counts and prices the calls of a model that only talked (no step took them)', async () => {
    const talker = new MockLanguageModelV3({
      doGenerate: {
        content: [{ type: 'text', text: 'Thinking it over.' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage: {
          inputTokens: { total: 1000, noCache: 1000, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 100, text: 100, reasoning: 0 },
        },
        warnings: [],
      },
    });
    const result = await play(
      {
        id: 'ai-sdk-talker',
        roles: { planner: { model: talker }, executor: { model: talker }, reviewer: { model: talker } },
        prices: { input: 1, output: 10 },
        maxIdleTurns: 2,
      },
      0,
    );
    expect(result.outcome).toBe('agent_error');
    expect(result.steps).toBe(0);
    // Two idle turns of the entry role, one model call each: 2 × (1000 × $1 + 100 × $10) / 1M.
    expect(result.usage).toMatchObject({ calls: 2, promptTokens: 2000, completionTokens: 200, costUsd: 0.004 });
  });

  it("a run's summary sums the priced calls of every episode into the team's cell", async () => {
    registerTeam(aiSdkTeam(team('ai-sdk-run-priced', true)));
    const { summary, records } = await runEvaluation({
      envs: [ENV],
      teams: ['ai-sdk-run-priced'],
      seeds: SEEDS,
      perturb: 'production',
      concurrency: 2,
    });
    expect(records.map((r) => r.outcome)).toEqual(['success', 'success']);
    const [cell] = summary.cells;
    const sum = (f: (u: NonNullable<(typeof records)[number]['usage']>) => number) =>
      records.reduce((s, r) => s + f(r.usage as NonNullable<typeof r.usage>), 0);
    expect(cell?.usage).toEqual({
      calls: sum((u) => u.calls),
      promptTokens: sum((u) => u.promptTokens),
      completionTokens: sum((u) => u.completionTokens),
      costUsd: Math.round(sum((u) => u.costUsd as number) * 1e6) / 1e6,
    });
    expect(cell?.usage.calls).toBe(records.reduce((s, r) => s + r.steps, 0));
    expect(cell?.usage.costUsd).toBeGreaterThan(0);
  });
});
