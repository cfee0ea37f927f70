/**
 * A mixed team whose executor is an agent program (the command team's fixture: the official MCP
 * client over HTTP): with the oracle's executor actions it takes the oracle's trajectory beside
 * the in-process oracle planner and reviewer; a program that crashes ends the episode as
 * agent_error with its stderr tail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { oracleTeam } from '../../agents/oracle.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { SharedService } from '../../src/serve/command-team/shared-service.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/serve/mcp/http-server.js';
import { mixedTeam } from '../../src/serve/mixed-team/team.js';
import { agentCommand, oracleActionsFile } from './command-team/support.js';

const ENV = 'filesystem/rename-symbol-v1';
const dir = mkdtempSync(join(tmpdir(), 'faultline-mixed-cmd-test-'));
let actions: string;
let oracle: EpisodeResult;
const started: McpHttpServer[] = [];
const servers = new SharedService(async () => {
  const s = await startMcpHttpServer({ port: 0 });
  started.push(s);
  return s;
});

beforeAll(async () => {
  loadBuiltins();
  actions = await oracleActionsFile(dir, ENV, 0);
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

function play(command: string): Promise<EpisodeResult> {
  const team = mixedTeam(
    {
      id: 'mixed-cmd',
      roles: { planner: { kind: 'oracle' }, executor: { kind: 'cmd', command }, reviewer: { kind: 'oracle' } },
    },
    { servers },
  );
  expect(team.play).toBeDefined();
  return team.play!({ env: ENV, team, seed: 0 });
}

describe.concurrent('a mixed team with a program executor', () => {
  it("takes the oracle's trajectory when the program plays the oracle's executor actions", async () => {
    const result = await play(agentCommand(`--actions "${actions}"`));
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ outcome: 'success', team: 'mixed-cmd', digest: oracle.digest });
  });

  it('ends the episode as agent_error when the program crashes, with its stderr tail', async () => {
    const result = await play(agentCommand('--misbehave crash'));
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.role).toBe('executor');
    expect(result.error?.message).toMatch(
      /exited with code 3 before finishing the episode; stderr tail: agent\.mjs: crashing at start on purpose/,
    );
  });
});
