/**
 * The official MCP client solves a task by following the oracle's actions through MCP calls,
 * through one session for the whole team and through one session per role: the recorded
 * episode has the same digest as the in-process run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { EpisodeHost } from '../../../src/serve/mcp/index.js';
import { connect, toolCallOf } from './connect.js';

const ENV = 'filesystem/rename-symbol-v1';
let oracle: EpisodeResult;

beforeAll(async () => {
  loadBuiltins();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
  expect(oracle.outcome).toBe('success');
});

describe('following the oracle over MCP', () => {
  it('one session for the whole team: same digest as in-process', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const session = await connect(host);
    for (const step of oracle.trajectory) {
      const { name, args } = toolCallOf(step);
      const result = await session.call(name, args);
      expect(result.structuredContent).toMatchObject({ step: step.step, role: step.role });
    }
    const result = await host.result;
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
    await session.close();
  });

  it('one session per role, all calling at once: same digest, every step attributed to its role', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 0 });
    const sessions = new Map(await Promise.all(host.roles.map(async (r) => [r, await connect(host, r)] as const)));
    // Each role's client runs its own part of the oracle's actions, in order; a call made while
    // another role holds control waits for a handoff.
    await Promise.all(
      [...sessions].map(async ([role, session]) => {
        for (const step of oracle.trajectory.filter((s) => s.role === role)) {
          const { name, args } = toolCallOf(step);
          const result = await session.call(name, args);
          expect(result.structuredContent).toMatchObject({ step: step.step, role });
        }
      }),
    );
    const result = await host.result;
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
    await Promise.all([...sessions.values()].map((s) => s.close()));
  });
});
