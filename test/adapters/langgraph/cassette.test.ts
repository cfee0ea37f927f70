/**
 * A LangGraph team's model answers go to a cassette and come back from it, through
 * `episode.model(role, model)`: an episode of the example's swarm recorded with scripted fake
 * models replays with fake models that throw if called, to the same digest, keys, answers and
 * costs (the supervisor graph too); a replay with nothing recorded is an agent error naming the
 * missing call; a model the graph calls unwrapped is refused before it is called.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import {
  langGraphTeam,
  type LangGraphEpisode,
  type LangGraphTeamOptions,
} from '../../../src/adapters/langgraph/index.js';
import { supervisorGraph, swarmGraph } from '../../../examples/langgraph-team.js';
import { scriptedModels, supervisorModels } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 2;
/** The fake model's name (its `_llmType()`: it gives no `ls_model_name`). */
const MODEL = 'fake-model-builder';
const PRICES = { [MODEL]: { input: 0.4, output: 1.6 } };

beforeAll(() => loadBuiltins());
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

type Model = ReturnType<typeof fakeModel>;

/** The swarm on `modelFor`'s models, each wrapped with `episode.model` (unless `wrap` is false). */
async function play(
  modelFor: (role: string) => Model,
  options: LangGraphTeamOptions,
  wrap = true,
): Promise<EpisodeResult> {
  const team = langGraphTeam(
    (episode) => swarmGraph(episode, (role) => (wrap ? episode.model(role, modelFor(role)) : modelFor(role))),
    { id: 'langgraph-cassette', ...options },
  );
  return team.play({ env: ENV, team, seed: SEED, perturb: 'production' });
}

/** Fake models that throw if called, and whether any was. */
function unreachable(): { modelFor: () => Model; called: () => number } {
  const made: Model[] = [];
  return {
    modelFor: () => {
      const model = fakeModel().alwaysThrow(new Error('a replay must not call the model'));
      made.push(model);
      return model;
    },
    called: () => made.reduce((n, m) => n + m.callCount, 0),
  };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-langgraph-'));
  dirs.push(dir);
  return dir;
}

describe('langGraphTeam cassettes', () => {
  it('replays a recorded episode without calling a model, to the same digest, calls and cost', async () => {
    const dir = await tempDir();
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb: 'production' });
    const scripted = scriptedModels(oracle.trajectory);
    const recorded = await play((role) => scripted.get(role) as Model, {
      cassette: { dir, mode: 'record' },
      prices: PRICES,
    });
    expect(recorded.error ?? null).toBeNull();
    expect(recorded.outcome).toBe('success');
    expect(await readdir(dir)).toHaveLength(1);

    const models = unreachable();
    const replayed = await play(models.modelFor, { cassette: { dir, mode: 'replay' }, prices: PRICES });
    expect(replayed.error?.message ?? '').toBe('');
    expect(replayed.outcome).toBe('success');
    expect(replayed.digest).toBe(recorded.digest);
    const calls = (r: EpisodeResult) =>
      r.trajectory.map((s) => s.turn?.calls.map((c) => [c.ordinal, c.key, c.model, c.message, c.costUsd]));
    expect(calls(replayed)).toEqual(calls(recorded));
    expect(replayed.usage).toEqual(recorded.usage);
    expect(models.called()).toBe(0);
    // The fake model reports no tokens, so the cost is known and 0 (with no prices it is null).
    expect(recorded.usage?.costUsd).toBe(0);
    console.log(
      `cassette: recorded ${recorded.usage?.calls} calls, replayed ${replayed.usage?.calls} with 0 model calls; digest equal: ${replayed.digest === recorded.digest}`,
    );
  }, 30_000);

  it('replays the supervisor graph too, whose workers run their agents inside their nodes', async () => {
    const dir = await tempDir();
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });
    const scripted = supervisorModels(oracle.trajectory, oracle.trajectory[0]?.role ?? '');
    const playSupervisor = (modelFor: (role: string) => Model, mode: 'record' | 'replay') => {
      const team = langGraphTeam((episode) => supervisorGraph(episode, (role) => episode.model(role, modelFor(role))), {
        id: 'langgraph-supervisor-cassette',
        cassette: { dir, mode },
      });
      return team.play({ env: ENV, team, seed: SEED });
    };
    const recorded = await playSupervisor((role) => scripted.get(role) as Model, 'record');
    expect(recorded.outcome).toBe('success');
    const models = unreachable();
    const replayed = await playSupervisor(models.modelFor, 'replay');
    expect(replayed.error?.message ?? '').toBe('');
    expect(replayed.digest).toBe(recorded.digest);
    expect(replayed.usage?.calls).toBe(recorded.usage?.calls);
    expect(recorded.usage?.costUsd).toBeNull();
    expect(models.called()).toBe(0);
  }, 30_000);

  it('a replay miss is an agent error naming the missing call', async () => {
    const dir = await tempDir();
    const models = unreachable();
    const result = await play(models.modelFor, { cassette: { dir, mode: 'replay' } });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/No recorded answer for episode .*model call #1 /);
    expect(models.called()).toBe(0);
  }, 30_000);

  it('with a cassette, a model the graph calls unwrapped is refused before it is called', async () => {
    const dir = await tempDir();
    const models = unreachable();
    const result = await play(models.modelFor, { cassette: { dir, mode: 'replay' } }, false);
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /called the chat model .* as is: wrap every model .*episode\.model\(role, model\)/,
    );
    expect(models.called()).toBe(0);
  }, 30_000);

  it('bad options are refused, naming the field, the value and the fix', () => {
    const factory = () => {
      throw new Error('never built');
    };
    expect(() => langGraphTeam(factory, { cassette: { dir: 'x', mode: 'play' as 'replay' } })).toThrow(
      /cassette\.mode.*got "play", expected one of record, replay, auto\. Fix:/,
    );
    expect(() => langGraphTeam(factory, { prices: { m: { input: -1, output: 1 } } })).toThrow(
      /prices\["m"\]\.input.*got -1, expected a number of USD per million tokens/,
    );
  });
});

describe('episode.model', () => {
  it('refuses a role the task does not have, and a model already bound to tools, naming the fix', async () => {
    const errorOf = async (wrap: (episode: LangGraphEpisode) => unknown) => {
      const team = langGraphTeam((episode) => {
        wrap(episode);
        return swarmGraph(episode, () => fakeModel());
      });
      const result = await team.play({ env: ENV, team, seed: SEED });
      expect(result.outcome).toBe('agent_error');
      return result.error?.message ?? '';
    };
    expect(await errorOf((e) => e.model('coder', fakeModel()))).toMatch(
      /episode\.model\(role\).*got "coder", expected a role of this task \(planner, executor, reviewer\)/,
    );
    expect(await errorOf((e) => e.model('planner', fakeModel().bindTools([]) as unknown as Model))).toMatch(
      /expected a LangChain chat model .*not the result of bindTools\(\)/,
    );
  }, 30_000);
});

describe('langGraphTeam prices', () => {
  it('prices each call by its model name from the tokens it reports', async () => {
    const team = langGraphTeam(
      (episode) =>
        swarmGraph(episode, (role) =>
          episode.model(
            role,
            fakeModel().respond(
              new AIMessage({
                id: `quit-${role}`,
                content: 'I stop here.',
                usage_metadata: { input_tokens: 1000, output_tokens: 500, total_tokens: 1500 },
              }),
            ),
          ),
        ),
      { prices: PRICES },
    );
    const result = await team.play({ env: ENV, team, seed: SEED });
    // One call, ended without a step: 1000 × 0.4 + 500 × 1.6 per million tokens.
    expect(result.usage?.calls).toBe(1);
    expect(result.usage?.costUsd).toBeCloseTo(0.0012, 9);
  }, 30_000);
});
