/**
 * An OpenAI Agents SDK team — a triage agent that hands off to a specialist and back, run through
 * the SDK's Runner on scripted models making the oracle's tool calls — plays
 * filesystem/rename-symbol-v1 through `agentsSdkTeam`: the env's tools are the agents' function
 * tools, the SDK's handoffs are the env's handoffs, and a handoff whose input filter leaves a
 * needed fact out is flagged by the handoff audit with that fact named.
 */
import { describe, expect, it } from 'vitest';
import { ScriptedAgentModel, type ScriptedTurn } from '../../../src/adapters/agents-sdk/index.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { triageTeam } from '../../../examples/agents-sdk-team.js';
import '../../../src/public/index.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 1;
const DROPPED = 'releaseVersion';

/** The oracle's episode, cut into the planner's part, its brief, and the executor's part. */
async function oraclePlan(perturb = 'clean'): Promise<{
  oracle: EpisodeResult;
  planner: ScriptedTurn[];
  facts: Record<string, string>;
  briefText: string;
  executor: ScriptedTurn[];
  finish: ScriptedTurn;
}> {
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb });
  const steps = oracle.trajectory.map((s) => ({ role: s.role, action: s.action as Action }));
  const handoffAt = steps.findIndex((s) => s.action.type === 'handoff');
  const brief = steps[handoffAt]?.action;
  if (brief?.type !== 'handoff' || typeof brief.message === 'string') throw new Error('no structured brief');
  const calls = (from: number, role: string): ScriptedTurn[] => {
    const out: ScriptedTurn[] = [];
    for (const s of steps.slice(from)) {
      if (s.role !== role || s.action.type !== 'tool') break;
      const { name, args } = actionToToolCall(s.action);
      out.push({ call: name, args });
    }
    return out;
  };
  const finishStep = steps.find((s) => s.action.type === 'finish');
  if (!finishStep) throw new Error('the oracle did not finish');
  const { name, args } = actionToToolCall(finishStep.action);
  return {
    oracle,
    planner: calls(0, 'planner'),
    facts: brief.message.facts ?? {},
    briefText: brief.message.text ?? '',
    executor: calls(handoffAt + 1, 'executor'),
    finish: { call: name, args },
  };
}

/** The example's team on scripted models. */
function scriptedTeam(triage: ScriptedTurn[], specialist: ScriptedTurn[], briefOnly: boolean) {
  return triageTeam(
    { triage: new ScriptedAgentModel(triage, 'triage'), specialist: new ScriptedAgentModel(specialist, 'specialist') },
    briefOnly,
  );
}

describe('agentsSdkTeam', () => {
  it.each(['clean', 'production'])(
    'a triage → specialist team solves the task (%s) with the oracle’s tool calls, its handoffs stepped as env handoffs',
    async (perturb) => {
      const plan = await oraclePlan(perturb);
      const brief = `${plan.briefText}\n${Object.entries(plan.facts)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}`;
      const team = scriptedTeam(
        [...plan.planner, { say: brief, call: 'transfer_to_specialist' }, plan.finish],
        [...plan.executor, { say: 'Done and checked: tests and lint pass.', call: 'transfer_to_triage' }],
        false,
      );
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
    const plan = await oraclePlan();
    expect(Object.keys(plan.facts)).toContain(DROPPED);
    const brief = Object.entries(plan.facts)
      .filter(([k]) => k !== DROPPED)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    const team = scriptedTeam(
      [...plan.planner, { say: brief, call: 'transfer_to_specialist' }, plan.finish],
      [...plan.executor, { say: 'Done.', call: 'transfer_to_triage' }],
      true,
    );
    const result = await team.play({ env: ENV, team, seed: SEED });
    const first = result.trajectory.find((s) => (s.action as Action).type === 'handoff');
    expect(first?.event.handoff?.missing).toEqual([DROPPED]);
    const metrics = analyzeEpisode(result);
    expect(metrics.verdict.modes).toContain('handoffContextLoss');
    expect(metrics.handoffLoss.root?.from).toBe('planner');
    expect(metrics.handoffLoss.root?.lost).toContain(DROPPED);
  }, 60_000);
});
