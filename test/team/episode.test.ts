import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEpisode, toJsonAction, type EpisodeResult } from '../../src/team/episode.js';
import type { Agent, Team } from '../../src/team/agent.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { make } from '../../src/core/registry.js';
import type { TeamEnv } from '../../src/team/team-env.js';
import { ensureNotesEnv, planTeam, PLAN } from '../fixtures/notes-env.js';

let ID = '';
beforeAll(() => {
  ID = ensureNotesEnv();
});

function teamOf(
  id: string,
  act: (role: string) => Agent['act'],
  roles = ['planner', 'executor', 'reviewer', 'agent'],
): Team {
  return { id, description: id, createAgents: () => Object.fromEntries(roles.map((r) => [r, { act: act(r) }])) };
}

describe('runEpisode', () => {
  it('a scripted team following the fixture plan succeeds', async () => {
    const steps: number[] = [];
    const r = await runEpisode({ env: ID, team: planTeam(), seed: 3, onStep: (s) => steps.push(s.step) });
    expect(r).toMatchObject({
      envId: ID,
      team: 'plan',
      seed: 3,
      trial: 0,
      taskId: 'notes@3',
      view: 'team',
      outcome: 'success',
      success: true,
      reward: 1,
      score: 1,
      handoffs: 2,
      invalidActions: 0,
      toolErrors: 0,
      error: null,
    });
    expect(r.steps).toBe(r.trajectory.length);
    expect(steps).toEqual(r.trajectory.map((s) => s.step));
    expect(r.trajectory.map((s) => s.role)).toEqual([
      'planner',
      'planner',
      'executor',
      'executor',
      'executor',
      'reviewer',
      'reviewer',
    ]);
    expect(r.trajectory[r.trajectory.length - 1]).toMatchObject({ terminated: true, reward: 1 });
    expect(r.grade.success).toBe(true);
  });

  it('the single-agent view of the plan succeeds too', async () => {
    const r = await runEpisode({ env: ID, team: planTeam('solo', undefined, 'single'), seed: 3 });
    expect(r).toMatchObject({ view: 'single', outcome: 'success', handoffs: 0 });
    expect(new Set(r.trajectory.map((s) => s.role))).toEqual(new Set(['agent']));
  });

  it('the trajectory digest is identical across runs and differs across seeds', async () => {
    const a = await runEpisode({ env: ID, team: planTeam(), seed: 11 });
    const b = await runEpisode({ env: ID, team: planTeam(), seed: 11 });
    const c = await runEpisode({ env: ID, team: planTeam(), seed: 12 });
    expect(b.digest).toBe(a.digest);
    expect(b.initialObservation).toBe(a.initialObservation);
    expect(JSON.stringify(b.trajectory)).toBe(JSON.stringify(a.trajectory));
    expect(c.digest).not.toBe(a.digest);
  });

  it('accepts a ready-made env instead of an id', async () => {
    const env: TeamEnv = make(ID);
    const r = await runEpisode({ env, team: planTeam(), seed: 3 });
    const byId = await runEpisode({ env: ID, team: planTeam(), seed: 3 });
    expect(r.digest).toBe(byId.digest);
  });

  it('an agent that throws ends the episode with agent_error, role, step and message; nothing escapes', async () => {
    const team = planTeam('thrower', (call) => {
      if (call === 3) throw new Error('the model returned 500');
      return PLAN;
    });
    const r = await runEpisode({ env: ID, team, seed: 4 });
    expect(r.outcome).toBe('agent_error');
    expect(r.success).toBe(false);
    expect(r.error).toEqual({ role: 'executor', step: 3, message: 'the model returned 500' });
    expect(r.trajectory).toHaveLength(3);
  });

  it('a thrown non-Error value is described, not lost', async () => {
    const r = await runEpisode({
      env: ID,
      team: teamOf('strings', () => () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: an agent throws a string
        throw 'nope';
      }),
      seed: 1,
    });
    expect(r.outcome).toBe('agent_error');
    expect(r.error?.message).toBe('non-Error thrown: "nope"');
  });

  it('an async agent that rejects is an agent_error too', async () => {
    const r = await runEpisode({
      env: ID,
      team: teamOf('rejecter', () => async () => Promise.reject(new TypeError('bad json from model'))),
      seed: 1,
    });
    expect(r).toMatchObject({
      outcome: 'agent_error',
      error: { role: 'planner', step: 0, message: 'bad json from model' },
    });
  });

  it('an agent that never answers ends the episode with timeout', async () => {
    const never = teamOf('sleeper', () => () => new Promise(() => undefined));
    const r = await runEpisode({ env: ID, team: never, seed: 2, budget: { agentTimeoutMs: 50 } });
    expect(r.outcome).toBe('timeout');
    expect(r.error).toMatchObject({ role: 'planner', step: 0 });
    expect(r.error?.message).toMatch(/within 50 ms/);
    expect(r.trajectory).toEqual([]);
  });

  it('the agent is handed an abort signal that fires at the deadline', async () => {
    let aborted = false;
    const team = teamOf(
      'listener',
      () =>
        (_obs, { signal }) =>
          new Promise((resolve) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve({ type: 'wait', ticks: 1 });
            }),
          ),
    );
    const r = await runEpisode({ env: ID, team, seed: 2, budget: { agentTimeoutMs: 20 } });
    expect(r.outcome).toBe('timeout');
    expect(aborted).toBe(true);
  });

  it('garbage from an agent (undefined, a function, a cycle, 1 MB of text) becomes recorded invalid actions; the episode goes on', async () => {
    const circular: Record<string, unknown> = { type: 'ask' };
    circular['self'] = circular;
    const garbage: unknown[] = [
      undefined,
      () => ({ type: 'finish' }),
      circular,
      'x'.repeat(1_000_000),
      Symbol('s'),
      10n,
    ];
    const team = planTeam('messy', (call) => (call < garbage.length ? garbage[call] : PLAN));
    const r = await runEpisode({ env: ID, team, seed: 5 });
    expect(r.outcome).toBe('success');
    expect(r.invalidActions).toBe(garbage.length);
    const recorded = r.trajectory.slice(0, garbage.length);
    expect(
      recorded.every(
        (s) => s.event.kind === 'invalid' && s.event.ok === false && s.event.error?.code === 'invalid_action',
      ),
    ).toBe(true);
    expect(recorded[0]?.action).toBeNull();
    expect(recorded[1]?.action).toBe('[unserializable action: function]');
    expect(recorded[2]?.action).toMatch(/^\[unserializable action: .*circular/i);
    // Over the 256 KiB cap: recorded as its size and hash, never its content.
    expect(recorded[3]?.action).toEqual({
      oversized: true,
      bytes: 1_000_002,
      limit: 262_144,
      sha256: createHash('sha256')
        .update(JSON.stringify('x'.repeat(1_000_000)))
        .digest('hex'),
    });
    expect(recorded[3]?.event.error?.message).toMatch(
      /^the action is 1000002 bytes of JSON .*the limit is 262144 bytes/,
    );
    expect(recorded[3]?.event.error?.message.length).toBeLessThan(400);
    expect(JSON.parse(JSON.stringify(r.trajectory))).toEqual(r.trajectory);
  });

  it('a team with no agent for the acting role ends with agent_error naming the role', async () => {
    const team: Team = {
      id: 'planner-only',
      description: '',
      privileged: true,
      createAgents: () => ({
        planner: { act: () => ({ type: 'handoff', to: 'executor', message: 'over to you' }) },
      }),
    };
    const r = await runEpisode({ env: ID, team, seed: 1 });
    expect(r.outcome).toBe('agent_error');
    expect(r.error).toEqual({
      role: 'executor',
      step: 1,
      message: 'team "planner-only" has no agent for role "executor" (roles: planner)',
    });
  });

  it('a team whose createAgents throws ends with agent_error at step 0', async () => {
    const team: Team = {
      id: 'broken',
      description: '',
      createAgents: () => {
        throw new Error('no API key');
      },
    };
    const r = await runEpisode({ env: ID, team, seed: 1 });
    expect(r).toMatchObject({
      outcome: 'agent_error',
      steps: 0,
      error: { role: 'planner', step: 0, message: 'createAgents failed: no API key' },
    });
  });

  it('classifies failure, giving up and truncation', async () => {
    const quitter = planTeam('quitter', (_call, planned) =>
      planned?.type === 'finish' ? { ...planned, status: 'gave_up' } : PLAN,
    );
    expect((await runEpisode({ env: ID, team: quitter, seed: 1 })).outcome).toBe('gave_up');
    const sloppy = planTeam('sloppy', (_call, planned, _obs, skip) => {
      if (planned?.type !== 'tool' || planned.tool !== 'publish') return PLAN;
      skip();
      return { type: 'wait', ticks: 1 };
    });
    const failed: EpisodeResult = await runEpisode({ env: ID, team: sloppy, seed: 1 });
    expect(failed.outcome).toBe('failure');
    expect(failed.grade.violated).toEqual(['published']);
    const waiter = teamOf('waiter', () => () => ({ type: 'wait', ticks: 1 }));
    const cut = await runEpisode({ env: ID, team: waiter, seed: 1, budget: { maxSteps: 5 } });
    expect(cut).toMatchObject({ outcome: 'truncated', steps: 5 });
  });

  it('passes the privileged task only to privileged teams, and a per-trial agent seed', async () => {
    const seen: Array<{ privileged: boolean; agentSeed: number }> = [];
    const spy = (privileged: boolean): Team => ({
      id: `spy-${privileged}`,
      description: '',
      privileged,
      createAgents: (start) => {
        seen.push({ privileged: start.privileged !== null, agentSeed: start.agentSeed });
        return {};
      },
    });
    await runEpisode({ env: ID, team: spy(false), seed: 1 });
    await runEpisode({ env: ID, team: spy(true), seed: 1 });
    await runEpisode({ env: ID, team: spy(true), seed: 1, trial: 1 });
    expect(seen.map((s) => s.privileged)).toEqual([false, true, true]);
    expect(seen[1]?.agentSeed).not.toBe(seen[2]?.agentSeed);
  });

  it('throws only for bad arguments, naming them', async () => {
    await expect(runEpisode({ env: ID, team: planTeam(), seed: -1 })).rejects.toThrow(/runEpisode\(\{ seed \}\)/);
    await expect(runEpisode({ env: ID, team: planTeam(), seed: 1, trial: 1.5 })).rejects.toThrow(InvalidArgumentError);
    await expect(runEpisode({ env: 'fixture/missing-v1', team: planTeam(), seed: 1 })).rejects.toThrow(
      /No env registered/,
    );
  });
});

describe('toJsonAction', () => {
  it('records exactly what the env will see', () => {
    expect(toJsonAction(undefined)).toBeNull();
    expect(toJsonAction({ type: 'wait', ticks: 1, skip: undefined })).toEqual({ type: 'wait', ticks: 1 });
    expect(toJsonAction(Symbol('x'))).toBe('[unserializable action: symbol]');
    expect(toJsonAction(1n)).toMatch(/^\[unserializable action: .*BigInt/i);
  });
});
