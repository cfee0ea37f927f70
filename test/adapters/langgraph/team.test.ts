/**
 * A LangGraph.js swarm (the example's graph, LangChain's fake chat model scripted with a reference
 * team's tool calls) plays filesystem/rename-symbol-v1 through `langGraphTeam`: its `Command`
 * handoffs are the trajectory's env handoffs, and a handoff whose update drops a needed fact is
 * flagged by the handoff audit with that fact named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';
import type { Team } from '../../../src/team/agent.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { createFactDropTeam } from '../../../probes/fact-drop.js';
import type { ProbeReport } from '../../../probes/index.js';
import { langGraphTeam } from '../../../src/adapters/langgraph/index.js';
import { swarmGraph } from '../../../examples/langgraph-team.js';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { scriptedModels } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 1;

beforeAll(() => loadBuiltins());

/** Plays `reference` in process, then the swarm scripted with its actions; returns both. */
async function replayed(reference: Team, perturb = 'clean') {
  const local = await runEpisode({ env: ENV, team: reference, seed: SEED, perturb });
  const models = scriptedModels(local.trajectory);
  const team = langGraphTeam((episode) =>
    swarmGraph(episode, (role) => {
      const model = models.get(role);
      if (!model) throw new Error(`no script for role ${role}`);
      return model;
    }),
  );
  const play = team.play;
  if (!play) throw new Error('langGraphTeam has no play');
  const hosted = await play({ env: ENV, team, seed: SEED, perturb });
  return { local, hosted };
}

describe('langGraphTeam', () => {
  it('a swarm scripted with the oracle tool calls solves the task; its Command handoffs are env handoffs', async () => {
    const { local, hosted } = await replayed(oracleTeam);
    expect(hosted.error ?? null).toBeNull();
    expect(hosted.outcome).toBe('success');
    expect(hosted.trajectory.map((s) => s.role)).toEqual(local.trajectory.map((s) => s.role));
    const handoffs = hosted.trajectory.filter((s) => (s.action as { type: string }).type === 'handoff');
    expect(handoffs.length).toBeGreaterThanOrEqual(1);
    // Each step carries the fake model call behind it; the final answer counts in the usage.
    expect(hosted.trajectory.every((s) => s.turn?.calls.length === 1)).toBe(true);
    expect(hosted.trajectory[0]?.turn?.calls[0]?.message.toolCalls[0]?.name).toBe(
      (local.trajectory[0]?.action as { tool: string }).tool,
    );
    expect(hosted.usage?.calls).toBe(hosted.trajectory.length + 1);
    expect(handoffs.map((s) => [s.role, (s.action as { to: string }).to])).toEqual(
      local.trajectory
        .filter((s) => (s.action as { type: string }).type === 'handoff')
        .map((s) => [s.role, (s.action as { to: string }).to]),
    );
  }, 60_000);

  it('a handoff whose update drops a needed fact is flagged with that fact named', async () => {
    const reports: ProbeReport[] = [];
    const { hosted } = await replayed(createFactDropTeam({ onDefect: (r) => reports.push(r) }));
    const report = reports[0];
    const fact = report?.facts?.[0];
    expect(fact).toBeDefined();
    const metrics = analyzeEpisode(hosted);
    expect(metrics.verdict.modes).toContain('handoffContextLoss');
    expect(metrics.handoffLoss.root?.step).toBe(report?.step);
    expect(metrics.handoffLoss.root?.from).toBe(report?.role);
    expect(metrics.handoffLoss.root?.lost).toContain(fact);
  }, 60_000);
});

describe('langGraphTeam under production faults', () => {
  it('the swarm replaying the oracle has the in-process outcome, step for step', async () => {
    const { local, hosted } = await replayed(oracleTeam, 'production');
    expect(hosted.outcome).toBe(local.outcome);
    // The same steps; a handoff's payload differs only in form (the brief's facts as text lines).
    const shape = (s: (typeof local.trajectory)[number]) => {
      const action = s.action as { type: string; tool?: string };
      return [s.role, action.type, action.tool ?? '', s.event.handoff?.missing ?? []];
    };
    expect(hosted.trajectory.map(shape)).toEqual(local.trajectory.map(shape));
    console.log(
      `production, seed ${SEED}: ${hosted.outcome} in ${hosted.trajectory.length} steps; modes: ${analyzeEpisode(hosted).verdict.modes.join(', ') || '(none)'}`,
    );
  }, 60_000);
});

describe('langGraphTeam when the graph stops early', () => {
  it('a graph that ends before the episode does is an agent error naming the team', async () => {
    const team = langGraphTeam((episode) =>
      swarmGraph(episode, () => fakeModel().respond(new AIMessage({ id: 'quit', content: 'I am done.' }))),
    );
    const hosted = await team.play?.({ env: ENV, team, seed: SEED });
    expect(hosted?.outcome).toBe('agent_error');
    expect(hosted?.error?.message).toContain('ended before the episode did');
  }, 60_000);
});
