/**
 * The oracle script the remote-agent tests follow: its turns split the oracle's trajectory per
 * role, and played turn by turn through the MCP HTTP server (one session per role, kept across
 * turns) they give the in-process episode, digest for digest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/serve/mcp/http-server.js';
import { closeOracleSessions, oracleTurns, playTurnOverMcp } from '../support/oracle-script.js';

const ENV = 'filesystem/rename-symbol-v1';
let oracle: EpisodeResult;
let server: McpHttpServer;

beforeAll(async () => {
  loadBuiltins();
  const team = findTeam('oracle');
  if (!team) throw new Error('no oracle team');
  oracle = await runEpisode({ env: ENV, team, seed: 0 });
  server = await startMcpHttpServer({ port: 0 });
});

afterAll(async () => {
  await closeOracleSessions();
  await server.close();
});

describe('the oracle script', () => {
  it('splits each role’s steps into turns that end with a handoff or finish', async () => {
    const roles = [...new Set(oracle.trajectory.map((s) => s.role))];
    expect(roles.length).toBeGreaterThan(1);
    let total = 0;
    let most = 0;
    for (const role of roles) {
      const turns = await oracleTurns({ env: ENV, seed: 0, role });
      expect(turns.length).toBeGreaterThan(0);
      most = Math.max(most, turns.length);
      for (const turn of turns) expect(['handoff', 'finish']).toContain(turn.at(-1)?.type);
      total += turns.flat().length;
    }
    expect(total).toBe(oracle.trajectory.length);
    // Some role gets control back (the planner finishes after the review): its session must outlive a turn.
    expect(most).toBeGreaterThan(1);
  });

  it('played turn by turn over MCP HTTP, one session per role: the in-process digest', async () => {
    const episode = server.openEpisode({ env: ENV, seed: 0 });
    const roles = episode.host.roles;
    await Promise.all(
      roles.map(async (role) => {
        const url = episode.urls.roles[role];
        if (!url) throw new Error(`no URL for ${role}`);
        for (const turn of await oracleTurns({ env: ENV, seed: 0, role })) await playTurnOverMcp(url, turn);
      }),
    );
    const result = await episode.host.result;
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
  });
});
