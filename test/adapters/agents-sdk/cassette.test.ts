/**
 * An Agents SDK team's model answers go to a cassette (the gateway's, one file per episode) and
 * come back from it: an episode recorded on scripted models replays on models that fail if
 * called — and on models given by name whose provider fails if asked — to the same digest and the
 * same recorded turns; `auto` records what is missing and replays the rest; a replay with nothing
 * recorded is an agent error naming the role and the call.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model, ModelProvider, ModelRequest, ModelResponse, StreamEvent } from '@openai/agents';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingModel, ScriptedAgentModel, TurnLedger } from '../../../src/adapters/agents-sdk/index.js';
import { Cassette } from '../../../src/llm/gateway/cassette.js';
import type { EpisodeResult } from '../../../src/team/episode.js';
import { triageTeam, type TriageOptions } from '../../../examples/agents-sdk-team.js';
import { ENV, oraclePlan, planScripts } from './oracle-script.js';

const SEED = 1;
const PERTURB = 'production';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-agents-sdk-'));
  dirs.push(dir);
  return dir;
}

/** A model that must not be called: it counts the calls it gets and fails them. */
class Unreachable implements Model {
  calls = 0;
  getResponse(_request: ModelRequest): Promise<ModelResponse> {
    this.calls += 1;
    return Promise.reject(new Error('a replay must not call the model'));
  }
  getStreamedResponse(_request: ModelRequest): AsyncIterable<StreamEvent> {
    this.calls += 1;
    return {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('a replay must not call the model')) }),
    };
  }
}

async function play(models: Parameters<typeof triageTeam>[0], options: TriageOptions): Promise<EpisodeResult> {
  const team = triageTeam(models, options);
  return team.play({ env: ENV, team, seed: SEED, perturb: PERTURB });
}

/** What each step's turn recorded: the calls' keys, models, answers and tokens. */
const turns = (r: EpisodeResult) =>
  r.trajectory.map((s) => s.turn?.calls.map((c) => [c.key, c.ordinal, c.model, c.message, c.usage]));

describe('agentsSdkTeam cassettes', () => {
  it('replays a recorded episode without calling a model, to the same digest and turns', async () => {
    const dir = await tempDir();
    const scripts = planScripts(await oraclePlan(SEED, PERTURB));
    const models = {
      triage: new ScriptedAgentModel(scripts.triage, 'triage'),
      specialist: new ScriptedAgentModel(scripts.specialist, 'specialist'),
    };
    const recorded = await play(models, { cassette: { dir, mode: 'record' } });
    expect(recorded.error).toBeNull();
    expect(recorded.outcome).toBe('success');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const lines = (await readFile(join(dir, files[0] as string), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(recorded.usage?.calls ?? -1);

    const unreachable = { triage: new Unreachable(), specialist: new Unreachable() };
    const replayed = await play(unreachable, { cassette: { dir, mode: 'replay' } });
    expect(replayed.error).toBeNull();
    expect(replayed.outcome).toBe('success');
    expect(replayed.digest).toBe(recorded.digest);
    expect(turns(replayed)).toEqual(turns(recorded));
    expect(replayed.usage).toEqual(recorded.usage);
    expect(unreachable.triage.calls + unreachable.specialist.calls).toBe(0);
  });

  it('a model given by name is never resolved in a replay; auto records the misses and replays the rest', async () => {
    const dir = await tempDir();
    const scripts = planScripts(await oraclePlan(SEED, PERTURB));
    const scripted: Record<string, Model> = {
      'scripted-triage': new ScriptedAgentModel(scripts.triage, 'triage'),
      'scripted-specialist': new ScriptedAgentModel(scripts.specialist, 'specialist'),
    };
    const asked: string[] = [];
    const provider: ModelProvider = {
      getModel: (name) => {
        asked.push(name ?? '');
        const model = scripted[name ?? ''];
        if (!model) throw new Error(`no model ${name}`);
        return model;
      },
    };
    const byName = { triage: 'scripted-triage', specialist: 'scripted-specialist' };
    const recorded = await play(byName, { cassette: { dir, mode: 'auto' }, runConfig: { modelProvider: provider } });
    expect(recorded.outcome).toBe('success');
    expect(asked.sort()).toEqual(['scripted-specialist', 'scripted-triage']);
    expect(recorded.trajectory[0]?.turn?.calls[0]?.model).toBe('scripted-triage');

    asked.length = 0;
    const again = await play(byName, { cassette: { dir, mode: 'auto' }, runConfig: { modelProvider: provider } });
    const replayed = await play(byName, { cassette: { dir, mode: 'replay' }, runConfig: { modelProvider: provider } });
    expect(asked).toEqual([]);
    for (const r of [again, replayed]) {
      expect(r.outcome).toBe('success');
      expect(r.digest).toBe(recorded.digest);
      expect(turns(r)).toEqual(turns(recorded));
    }
  });

  it('a replay miss is an agent error naming the role and the call', async () => {
    const dir = await tempDir();
    const unreachable = { triage: new Unreachable(), specialist: new Unreachable() };
    const result = await play(unreachable, { cassette: { dir, mode: 'replay' } });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /The model of role "planner" \(triage\): No recorded answer for episode .*model call #1 .*no answers recorded for this episode/,
    );
    expect(unreachable.triage.calls).toBe(0);
  });

  it('a bad cassette or price setting is refused when the team is built, naming the field', () => {
    const models = { triage: new Unreachable(), specialist: new Unreachable() };
    const mode = 'replay-only' as 'replay';
    expect(() => triageTeam(models, { cassette: { dir: '/tmp/x', mode } })).toThrow(/cassette\.mode.*replay-only/s);
    expect(() => triageTeam(models, { prices: { reviewer: { input: 1, output: 2 } } })).toThrow(
      /prices\.reviewer.*a role of the team \(planner, executor\)/s,
    );
    expect(() => triageTeam(models, { prices: { planner: { input: -1, output: 2 } } })).toThrow(
      /prices\.planner\.input.*non-negative/s,
    );
  });

  it('a streamed call is recorded and replayed as its final response', async () => {
    const dir = await tempDir();
    const request: ModelRequest = {
      input: 'Look around.',
      modelSettings: {},
      tools: [],
      outputType: 'text',
      handoffs: [],
      tracing: false,
    };
    const stream = async (model: Model, mode: 'record' | 'replay') => {
      const ledger = new TurnLedger({ cassette: new Cassette(dir, mode), episodeId: 'streamed' });
      const events: StreamEvent[] = [];
      for await (const e of recordingModel(model, 'planner', 'scripted', ledger).getStreamedResponse(request))
        events.push(e);
      return { events, turn: ledger.takeTurn('planner') };
    };
    const recorded = await stream(new ScriptedAgentModel([{ call: 'list_dir', args: { path: '' } }]), 'record');
    const unreachable = new Unreachable();
    const replayed = await stream(unreachable, 'replay');
    expect(unreachable.calls).toBe(0);
    expect(replayed.turn?.calls.map((c) => [c.key, c.message, c.usage])).toEqual(
      recorded.turn?.calls.map((c) => [c.key, c.message, c.usage]),
    );
    expect(recorded.turn?.calls[0]?.message.toolCalls.map((c) => c.name)).toEqual(['list_dir']);
    const done = (events: StreamEvent[]) => events.find((e) => e.type === 'response_done');
    expect(JSON.parse(JSON.stringify(done(replayed.events)))).toEqual(
      JSON.parse(JSON.stringify(done(recorded.events))),
    );
  });
});
