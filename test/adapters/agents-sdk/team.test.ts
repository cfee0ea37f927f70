/**
 * An OpenAI Agents SDK team — a triage agent that hands off to a specialist and back, run through
 * the SDK's Runner on scripted models making the oracle's tool calls — plays
 * filesystem/rename-symbol-v1 through `agentsSdkTeam`: the env's tools are the agents' function
 * tools, the SDK's handoffs are the env's handoffs, and a handoff whose input filter leaves a
 * needed fact out is flagged by the handoff audit with that fact named.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import type { Action } from '../../../src/team/actions.js';
import type { EpisodeResult } from '../../../src/team/episode.js';
import { ENV, oraclePlan, planTeam } from './oracle-script.js';
const SEED = 1;
const DROPPED = 'releaseVersion';

describe('agentsSdkTeam', () => {
  it.each(['clean', 'production'])(
    'a triage → specialist team solves the task (%s) with the oracle’s tool calls, its handoffs stepped as env handoffs',
    async (perturb) => {
      const plan = await oraclePlan(SEED, perturb);
      const team = planTeam(plan);
      const result = await team.play({ env: ENV, team, seed: SEED, perturb });
      expect(result.error).toBeNull();
      expect(result.outcome).toBe('success');
      const handoffs = result.trajectory.filter((s) => (s.action as Action).type === 'handoff');
      expect(handoffs.map((s) => `${s.role}→${s.event.handoff?.to}`)).toEqual(['planner→executor', 'executor→planner']);
      expect(handoffs[0]?.event.handoff?.missing).toEqual([]);
      // Every tool call is the oracle's, by the same role, in the same order.
      const tools = (r: EpisodeResult) =>
        r.trajectory.filter((s) => (s.action as Action).type === 'tool').map((s) => [s.role, JSON.stringify(s.action)]);
      const oracleTools = tools(plan.oracle).filter(([role]) => role !== 'reviewer');
      expect(tools(result)).toEqual(oracleTools);
      // Each step's turn is the one model call that chose it, recorded for its role.
      expect(result.trajectory.map((s) => s.turn?.calls.length)).toEqual(result.trajectory.map(() => 1));
      expect(result.usage?.byRole['planner']?.calls).toBe(plan.planner.length + 2);
      expect(result.usage?.byRole['executor']?.calls).toBe(plan.executor.length + 1);
    },
    60_000,
  );

  it('a handoff whose input filter passes a brief without a needed fact is flagged with that fact named', async () => {
    const plan = await oraclePlan(SEED);
    expect(Object.keys(plan.facts)).toContain(DROPPED);
    const brief = Object.entries(plan.facts)
      .filter(([k]) => k !== DROPPED)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    const team = planTeam(plan, { brief, briefOnly: true });
    const result = await team.play({ env: ENV, team, seed: SEED });
    const first = result.trajectory.find((s) => (s.action as Action).type === 'handoff');
    expect(first?.event.handoff?.missing).toEqual([DROPPED]);
    const metrics = analyzeEpisode(result);
    expect(metrics.verdict.modes).toContain('handoffContextLoss');
    expect(metrics.handoffLoss.root?.from).toBe('planner');
    expect(metrics.handoffLoss.root?.lost).toContain(DROPPED);
  }, 60_000);
});
