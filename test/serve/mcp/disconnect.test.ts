/**
 * Clients that go away: a session that closes while it holds control ends its episode as an
 * agent error (recorded, with what happened); a waiting call of a client that drops is released
 * and the role may reconnect; no other episode is touched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { EpisodeHost } from '../../../src/serve/mcp/index.js';
import { ensurePairNotesEnv } from '../../fixtures/pair-notes-env.js';
import { connect, toolCallOf } from './connect.js';

let ENV: string;
let oracle: EpisodeResult;

beforeAll(async () => {
  ENV = ensurePairNotesEnv();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 5 });
});

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('a client that disconnects', () => {
  it('a team session that drops mid-episode ends it as agent_error; another episode goes on', async () => {
    const dropped = EpisodeHost.open({ env: ENV, seed: 5 });
    const other = EpisodeHost.open({ env: ENV, seed: 5 });
    const a = await connect(dropped);
    const b = await connect(other);
    const [first, ...rest] = oracle.trajectory;
    const call = toolCallOf(first!);
    await a.call(call.name, call.args);
    await b.call(call.name, call.args);
    await a.close();
    const result = await dropped.result;
    expect(result.outcome).toBe('agent_error');
    expect(result.error).toMatchObject({ role: 'planner', step: 1 });
    expect(result.error?.message).toMatch(/session of the team closed/);
    expect(result.trajectory).toHaveLength(1);

    for (const step of rest) {
      const { name, args } = toolCallOf(step);
      await b.call(name, args);
    }
    expect((await other.result).digest).toBe(oracle.digest);
    await b.close();
  });

  it('a waiting call of a dropped client is released; the role reconnects and the episode goes on', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 5 });
    const planner = await connect(host, 'planner');
    const executor = await connect(host, 'executor');
    const waiting = executor.call('list_notes').catch((e: unknown) => e);
    await tick();
    expect(host.waitingCalls).toBe(1);
    await executor.close();
    expect(await waiting).toBeInstanceOf(Error);
    await tick();
    expect(host.waitingCalls).toBe(0);
    expect(host.finished).toBeNull();

    const again = await connect(host, 'executor');
    await Promise.all(
      (['planner', 'executor'] as const).map(async (role) => {
        const session = role === 'planner' ? planner : again;
        for (const step of oracle.trajectory.filter((s) => s.role === role)) {
          const { name, args } = toolCallOf(step);
          await session.call(name, args);
        }
      }),
    );
    const result = await host.result;
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    await Promise.all([planner.close(), again.close()]);
  });

  it('control handed to a role whose session has closed ends the episode as agent_error', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 5 });
    const planner = await connect(host, 'planner');
    const executor = await connect(host, 'executor');
    await executor.close();
    await tick();
    for (const step of oracle.trajectory.filter((s) => s.role === 'planner')) {
      const { name, args } = toolCallOf(step);
      await planner.call(name, args);
    }
    const result = await host.result;
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/session of role "executor" closed/);
    expect(result.trajectory.at(-1)?.action).toMatchObject({ type: 'handoff', to: 'executor' });
    await planner.close();
  });
});
