/**
 * A command team plays episodes through real agent programs (child processes speaking MCP over
 * HTTP): the oracle's actions through MCP give the in-process digest, and every way a program
 * can fail — crash at start, exit mid-episode, hang, flood its output, not exist — is recorded
 * as the right outcome with its stderr tail, with no process left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { commandTeam } from '../../../src/serve/command-team/team.js';
import { SharedService } from '../../../src/serve/command-team/shared-service.js';
import type { CommandTeamConfig } from '../../../src/serve/command-team/config.js';
import { startMcpHttpServer, type McpHttpServer } from '../../../src/serve/mcp/http-server.js';
import { agentCommand, groupMembersAfterStop, oracleActionsFile } from './support.js';

const ENV = 'filesystem/rename-symbol-v1';
let dir: string;
let actions: string;
let oracle: EpisodeResult;
let started: McpHttpServer[] = [];
const servers = new SharedService(async () => {
  const s = await startMcpHttpServer({ port: 0 });
  started.push(s);
  return s;
});

beforeAll(async () => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-team-cmd-test-'));
  actions = await oracleActionsFile(dir, ENV, 0);
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function play(config: Omit<CommandTeamConfig, 'id'>): Promise<EpisodeResult> {
  const team = commandTeam({ id: 'cmd', killGraceMs: 300, endGraceMs: 500, ...config }, { servers });
  return team.play!({ env: ENV, team, seed: 0 });
}

/** The pid a hanging fixture program printed. */
function pidIn(message: string | undefined): number {
  return Number(/pid (\d+)/.exec(message ?? '')?.[1]);
}

describe('a command team', () => {
  it("plays the oracle's actions through MCP over HTTP: same digest as in-process, server stopped after", async () => {
    started = [];
    const result = await play({ command: agentCommand(`--actions "${actions}"`) });
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ outcome: 'success', team: 'cmd', digest: oracle.digest, steps: oracle.steps });
    // The thread's server started for the episode and stopped after it: nothing listens.
    expect(started).toHaveLength(1);
    expect(started[0]?.episodes()).toBe(0);
    await expect(fetch(`${started[0]?.url}/mcp`)).rejects.toThrow();
  });
});

// Each failure waits on a process or a timer: they run side by side.
describe.concurrent('a command team whose program fails', () => {
  it('records a program that crashes at start as agent_error with its exit code and stderr tail', async () => {
    const result = await play({ command: agentCommand('--misbehave crash') });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /agent program \(.*agent\.mjs.*\) exited with code 3 before finishing the episode; stderr tail: agent\.mjs: crashing at start on purpose/,
    );
    expect(result.steps).toBe(0);
  });

  it('records a program that leaves mid-episode, keeping the step it took', async () => {
    const result = await play({ command: agentCommand(`--actions "${actions}" --misbehave exit-mid`) });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/exited with code 1 before finishing.*leaving after 1 call on purpose/);
    expect(result.trajectory).toHaveLength(1);
  });

  it('stops a program that hangs (and the child it started) at the timeout: outcome timeout', async () => {
    // 3 s, not 1: on a loaded machine the program can take a second to start and say why it hangs.
    const result = await play({ command: agentCommand('--misbehave hang'), timeoutMs: 3000 });
    expect(result.outcome).toBe('timeout');
    expect(result.error?.message).toMatch(
      /did not finish the episode within 3 s.*killed; stderr tail: agent\.mjs: hanging on purpose/,
    );
    const pid = pidIn(result.error?.message);
    expect(pid).toBeGreaterThan(0);
    expect(await groupMembersAfterStop(pid)).toEqual([]);
  });

  it('kills a program that ignores SIGTERM after the grace period', async () => {
    const result = await play({ command: agentCommand('--misbehave ignore-term'), timeoutMs: 1000 });
    expect(result.outcome).toBe('timeout');
    expect(await groupMembersAfterStop(pidIn(result.error?.message))).toEqual([]);
  });

  it('kills a program that floods its output past the cap: agent_error saying so', async () => {
    const result = await play({ command: agentCommand('--misbehave garbage'), maxOutputBytes: 1024 * 1024 });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /wrote more than its output limit \(\d+ bytes to stdout and stderr\) and was killed/,
    );
  });

  it('records a command that does not exist as agent_error naming it', async () => {
    const result = await play({ command: 'faultline-no-such-agent --mcp {mcp_url}' });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /could not start agent program \(faultline-no-such-agent --mcp \{mcp_url\}\): spawn faultline-no-such-agent ENOENT/,
    );
  });
});
