/**
 * What an Agents SDK team's failures become: a run that ends without finishing the episode is an
 * agent error that says so, a model that throws is an agent error with its message, one that
 * never answers is a timeout after the budget's `agentTimeoutMs`, a handoff to an agent outside
 * the team is refused when the team is built, and the same scripts give the same episode.
 */
import { Agent, type Model, type ModelResponse } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import { agentsSdkTeam, ScriptedAgentModel, type ScriptedTurn } from '../../../src/adapters/agents-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';

// Run alone too, not only after a file that registered the built-in envs.
loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';

function soloTeam(turns: ScriptedTurn[]) {
  const model = new ScriptedAgentModel(turns, 'solo');
  const planner = new Agent({ name: 'solo', instructions: 'Look around.', model });
  return { team: agentsSdkTeam({ id: 'agents-sdk-solo', agents: { planner } }), model };
}

describe('agentsSdkTeam failures', () => {
  it('a run that ends with a final answer but no finish is an agent error naming the last agent', async () => {
    const { team } = soloTeam([{ call: 'list_dir', args: { path: '' } }, { say: 'All good, I think.' }]);
    const result = await team.play({ env: ENV, team, seed: 3 });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toContain('without finishing the episode');
    expect(result.error?.message).toContain('All good, I think.');
    expect(result.trajectory).toHaveLength(1);
  });

  it('the same scripts give the same episode digest', async () => {
    const turns: ScriptedTurn[] = [
      { call: 'list_dir', args: { path: 'src' } },
      { call: 'finish', args: { status: 'gave_up' } },
    ];
    const a = soloTeam(turns);
    const b = soloTeam(turns);
    const ra = await a.team.play({ env: ENV, team: a.team, seed: 3 });
    const rb = await b.team.play({ env: ENV, team: b.team, seed: 3 });
    expect(ra.outcome).not.toBe('agent_error');
    expect(ra.digest).toBe(rb.digest);
    expect(ra.trajectory.length).toBe(2);
  });

  it('a handoff to an agent outside the team is refused when the team is built', () => {
    const stranger = new Agent({ name: 'stranger', model: new ScriptedAgentModel([]) });
    const planner = new Agent({ name: 'planner', model: new ScriptedAgentModel([]), handoffs: [stranger] });
    expect(() => agentsSdkTeam({ id: 'x', agents: { planner } })).toThrow(InvalidArgumentError);
  });

  it('a model that throws is an agent error with its message; one that never answers is a timeout', async () => {
    const model = (getResponse: () => Promise<ModelResponse>): Model => ({
      getResponse,
      getStreamedResponse: () => {
        throw new Error('not streamed');
      },
    });
    const throwing = new Agent({
      name: 'solo',
      model: model(() => Promise.reject(new Error('provider said no (503)'))),
    });
    const t1 = agentsSdkTeam({ id: 'agents-sdk-throws', agents: { planner: throwing } });
    const r1 = await t1.play({ env: ENV, team: t1, seed: 3 });
    expect(r1.outcome).toBe('agent_error');
    expect(r1.error?.message).toContain('provider said no (503)');

    const silent = new Agent({ name: 'solo', model: model(() => new Promise<ModelResponse>(() => undefined)) });
    const t2 = agentsSdkTeam({ id: 'agents-sdk-silent', agents: { planner: silent } });
    const started = performance.now();
    const r2 = await t2.play({ env: ENV, team: t2, seed: 3, budget: { agentTimeoutMs: 200 } });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r2.outcome).toBe('timeout');
    expect(r2.error?.message).toContain('the model of role "planner" (solo) did not answer within 200 ms');
  });
});
