/**
 * A command team with one program per role, described in a team file: each program gets its
 * own role's MCP endpoint, prompt and FAULTLINE_ROLE, acts only when it holds control, and the
 * team reaches the oracle's digest with every step attributed to the role that took it. Team
 * files are validated strictly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { commandTeam } from '../../../src/serve/command-team/team.js';
import { SharedService } from '../../../src/serve/command-team/shared-service.js';
import { startCommandEpisodeServer } from '../../../src/serve/command-team/episode-server.js';
import { commandTeamConfigOf, readTeamData } from '../../../src/serve/command-team/team-file.js';
import { teamCmdSetupFrom } from '../../../src/cli/team-cmd-options.js';
import { agentCommand, oracleActionsFile } from './support.js';

const ENV = 'filesystem/rename-symbol-v1';
const dir = mkdtempSync(join(tmpdir(), 'faultline-team-cmd-roles-'));
const servers = new SharedService(startCommandEpisodeServer);
let actions: string;

beforeAll(async () => {
  loadBuiltins();
  actions = await oracleActionsFile(dir, ENV, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('a command team with a program per role', () => {
  it('plays the episode from a YAML team file with the oracle digest and per-role steps', async () => {
    const command = agentCommand(`--actions "${actions}"`).replaceAll("'", "''");
    const path = file(
      'roles.yaml',
      [
        'id: per-role',
        'roles:',
        ...['planner', 'executor', 'reviewer'].map((r) => `  ${r}: { command: '${command}' }`),
        'timeoutSeconds: 60',
      ].join('\n'),
    );
    const config = commandTeamConfigOf(readTeamData(path), path);
    const team = commandTeam({ ...config, endGraceMs: 500, killGraceMs: 300 }, { servers });
    const result = await team.play!({ env: ENV, team, seed: 0 });
    const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
    expect(result.error).toBeNull();
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
  });

  it('fails an episode whose task has a role the team file gives no program', async () => {
    const team = commandTeam({ id: 'partial', roles: { planner: agentCommand() } }, { servers });
    const result = await team.play!({ env: ENV, team, seed: 0 });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/no program for executor, reviewer/);
  });
});

describe('command team files', () => {
  it('are told apart from LLM team files and validated strictly', () => {
    const llm = file('llm.json', JSON.stringify({ id: 'l', defaults: { model: 'm' } }));
    const cmd = file('cmd.json', JSON.stringify({ id: 'c', command: 'agent {mcp_url}', maxOutputMB: 1 }));
    const setup = teamCmdSetupFrom({ teamFile: [llm, cmd] }, {});
    expect(setup.llmTeamFiles).toEqual([llm]);
    expect(setup.teamIds).toEqual(['c']);
    expect(setup.setupEntry?.options.teams[0]).toMatchObject({ id: 'c', maxOutputBytes: 1024 * 1024 });

    const bad = (name: string, data: unknown) => () => commandTeamConfigOf(data, file(name, JSON.stringify(data)));
    expect(bad('a.json', { id: 'c', command: 'x', timeout: 5 })).toThrow(/field timeout: unknown field/);
    expect(bad('b.json', { id: 'c', roles: { planner: { command: 'x', model: 'm' } } })).toThrow(
      /field roles\.planner\.model: unknown field/,
    );
    expect(bad('c.json', { id: 'c', command: 'x', timeoutSeconds: 0 })).toThrow(/timeoutSeconds.*whole number/);
    expect(bad('d.json', { id: 'c', command: 'x', apiKey: 'sk-1' })).toThrow(/apiKey: an API key does not belong/);
    expect(bad('e.json', { id: 'c', command: 'x {prompt}' })).toThrow(/\{prompt\}/);
    expect(bad('f.json', { id: 'c', command: 'x', roles: { p: { command: 'y' } } })).toThrow(/exactly one/);
  });

  it('need the model proxy for {model_base_url}, and the proxy needs a key or a base URL', () => {
    const path = file('proxy.json', JSON.stringify({ id: 'c', command: 'x {model_base_url}', modelProxy: true }));
    expect(() => teamCmdSetupFrom({ teamFile: [path] }, {})).toThrow(/OPENAI_API_KEY is not set/);
    const setup = teamCmdSetupFrom({ teamFile: [path], baseUrl: 'http://127.0.0.1:9/v1' }, {});
    expect(setup.setupEntry?.options.proxy).toEqual({
      provider: { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' },
      gateway: { cassette: null },
    });
    expect(setup.proxyUsesBaseUrl).toBe(true);
  });
});
