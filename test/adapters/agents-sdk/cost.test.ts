/**
 * What an Agents SDK team's model calls cost: with per-role prices each call's `costUsd` is its
 * tokens at its role's prices, the episode's usage sums them per role and in all, a role without
 * prices makes the episode's cost unknown (null, not 0), and a run's summary sums the episodes'
 * usage — here on the path real users take, the SDK's `OpenAIProvider` with Chat Completions
 * models served over HTTP by the scripted model server.
 */
import { describe, expect, it } from 'vitest';
import type { Prices } from '../../../src/llm/types.js';
import { runEvaluation } from '../../../src/run/runner.js';
import { BUILTINS_SETUP } from '../../../src/builtins.js';
import type { EpisodeResult } from '../../../src/team/episode.js';
import type { ModelCallRecord } from '../../../src/team/turn.js';
import { ENV, oraclePlan, planTeam } from './oracle-script.js';
import { HTTP_TEAM } from './fixtures/http-triage-team.js';

const SEED = 1;
const MODULE = new URL('./fixtures/http-triage-team.ts', import.meta.url).pathname;

/** USD of one call, worked out here from its tokens (not with the package's `costUsd`). */
function priced(call: ModelCallRecord, p: Prices): number {
  const { promptTokens, completionTokens, cachedTokens } = call.usage;
  return (
    ((promptTokens - cachedTokens) * p.input +
      cachedTokens * (p.cachedInput ?? p.input) +
      completionTokens * p.output) /
    1e6
  );
}

const callsOf = (r: EpisodeResult, role: string) =>
  r.trajectory.filter((s) => s.role === role).flatMap((s) => s.turn?.calls ?? []);

describe('agentsSdkTeam prices', () => {
  it('fills each call’s cost from its role’s prices and sums them into the episode’s usage', async () => {
    const prices = { planner: { input: 3, output: 12 }, executor: { input: 0.5, output: 2 } };
    const plan = await oraclePlan(SEED);
    const team = planTeam(plan, { prices });
    const result = await team.play({ env: ENV, team, seed: SEED });
    expect(result.outcome).toBe('success');
    let total = 0;
    for (const role of ['planner', 'executor'] as const) {
      const calls = callsOf(result, role);
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) {
        expect(c.usage.promptTokens).toBeGreaterThan(0);
        expect(c.costUsd).toBeCloseTo(priced(c, prices[role]), 12);
      }
      const sum = calls.reduce((s, c) => s + priced(c, prices[role]), 0);
      expect(result.usage?.byRole[role]?.costUsd).toBeCloseTo(sum, 8);
      total += sum;
    }
    expect(result.usage?.costUsd).toBeCloseTo(total, 8);
    expect(result.usage?.calls).toBe(result.trajectory.reduce((n, s) => n + (s.turn?.calls.length ?? 0), 0));
  });

  it('a role without prices leaves its calls’ and the episode’s cost unknown', async () => {
    const plan = await oraclePlan(SEED);
    const team = planTeam(plan, { prices: { planner: { input: 3, output: 12 } } });
    const result = await team.play({ env: ENV, team, seed: SEED });
    expect(callsOf(result, 'executor').every((c) => c.costUsd === null)).toBe(true);
    expect(callsOf(result, 'planner').every((c) => (c.costUsd ?? 0) > 0)).toBe(true);
    expect(result.usage?.byRole['planner']?.costUsd).toBeGreaterThan(0);
    expect(result.usage?.byRole['executor']?.costUsd).toBeNull();
    expect(result.usage?.costUsd).toBeNull();
  });

  it('a run of the team on HTTP-served Chat Completions models sums its priced calls into the summary', async () => {
    const { summary, records } = await runEvaluation({
      envs: [ENV],
      teams: [HTTP_TEAM],
      seeds: [0, 1],
      trials: 1,
      perturb: 'production',
      setup: [BUILTINS_SETUP],
      imports: [MODULE],
    });
    expect(records.map((r) => [r.seed, r.outcome, r.error?.message ?? null])).toEqual([
      [0, 'success', null],
      [1, 'success', null],
    ]);
    const cell = summary.cells.find((c) => c.team === HTTP_TEAM);
    const sum = (f: (u: NonNullable<EpisodeResult['usage']>) => number) =>
      records.reduce((s, r) => s + (r.usage ? f(r.usage) : Number.NaN), 0);
    expect(cell?.usage.calls).toBe(sum((u) => u.calls));
    expect(cell?.usage.promptTokens).toBe(sum((u) => u.promptTokens));
    expect(cell?.usage.completionTokens).toBe(sum((u) => u.completionTokens));
    expect(cell?.usage.costUsd).toBeCloseTo(
      sum((u) => u.costUsd ?? Number.NaN),
      6,
    );
    expect(cell?.usage.costUsd).toBeGreaterThan(0);
    // Both roles are priced, so every episode's cost is known; the server's cached prompt tokens came through the SDK.
    for (const r of records) {
      expect(r.usage?.byRole['executor']?.costUsd).toBeGreaterThan(0);
      expect(r.usage?.cachedTokens).toBe(64 * (r.usage!.calls - 2));
    }
  });
});
