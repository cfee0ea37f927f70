/**
 * The example's supervisor graph (LangGraph's supervisor pattern, hand-built from
 * `createReactAgent` and `StateGraph`) on LangChain's fake chat model: the supervisor routes to
 * each worker and each worker reports back to it, and every one of those routes is an env
 * handoff whose payload is exactly the update the receiver is given.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';
import type { Action } from '../../../src/team/actions.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { langGraphTeam } from '../../../src/adapters/langgraph/index.js';
import { supervisorGraph } from '../../../examples/langgraph-team.js';
import { supervisorModels } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 1;

beforeAll(() => loadBuiltins());

type Handoff = Extract<Action, { type: 'handoff' }>;

describe('supervisorGraph', () => {
  it('solves the task; every route between agents is an env handoff carrying the update', async () => {
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });
    const supervisor = oracle.trajectory[0]?.role ?? '';
    const models = supervisorModels(oracle.trajectory, supervisor);
    const team = langGraphTeam(
      (episode) =>
        supervisorGraph(episode, (role) => {
          const model = models.get(role);
          if (!model) throw new Error(`no script for role ${role}`);
          return model;
        }),
      { id: 'langgraph-supervisor' },
    );
    const hosted = await team.play({ env: ENV, team, seed: SEED });
    expect(hosted.error ?? null).toBeNull();
    expect(hosted.outcome).toBe('success');
    expect(analyzeEpisode(hosted).verdict.modes).toEqual([]);

    const steps = hosted.trajectory;
    const handoffs = steps.filter((s) => (s.action as Action).type === 'handoff');
    const routes = handoffs.map((s) => `${s.role}->${(s.action as Handoff).to}`);
    console.log(
      `supervisor graph, seed ${SEED}: ${hosted.outcome} in ${steps.length} steps; routes ${routes.join(', ')}`,
    );
    // Supervisor → worker → supervisor, every time: the workers never route to each other.
    const workers = [...new Set(steps.map((s) => s.role))].filter((r) => r !== supervisor);
    expect(routes).toEqual(workers.flatMap((w) => [`${supervisor}->${w}`, `${w}->${supervisor}`]));
    // Control changes hands only at those handoffs.
    for (const [i, step] of steps.entries())
      if (i > 0 && step.role !== steps[i - 1]?.role) expect((steps[i - 1]?.action as Action).type).toBe('handoff');
    for (const step of handoffs) {
      const action = step.action as Handoff;
      const text = typeof action.message === 'string' ? action.message : (action.message.text ?? '');
      expect(text.length).toBeGreaterThan(0);
      expect(step.event.handoff?.missing).toEqual([]);
      // What the receiver's model was given holds the payload's text, word for word.
      const seen = (models.get(action.to)?.calls ?? []).flatMap((c) => c.messages.map((m) => m.text));
      expect(seen, `${step.role} -> ${action.to}`).toContain(text);
    }
  }, 30_000);
});
