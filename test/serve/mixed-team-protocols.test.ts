/**
 * Mixed teams with a real remote executor, through the CLI: an oracle planner and reviewer, and
 * an executor that is a scripted agent behind a real HTTP server — over A2A (built with the
 * A2A SDK) and over the Agent Protocol (its OpenAPI spec). The agent acts through the MCP session
 * of its role (the endpoint comes in the message metadata), so the episode is the oracle's, digest
 * for digest; the run records, replays and reports like any. A remote agent that answers garbage,
 * hangs or is down is recorded as such, and the run goes on.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleTeam } from '../../agents/oracle.js';
import { loadBuiltins } from '../../src/builtins.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';
import { runEpisode } from '../../src/team/episode.js';
import { startScriptedA2aAgent, type ScriptedA2aAgent } from '../support/a2a-agent.js';
import { refusedPort } from '../support/refused-port.js';
import { startScriptedAgent, type ScriptedAgent } from '../support/agent-protocol-agent.js';
import { cliInProcess } from '../support/cli.js';
import { closeOracleSessions } from '../support/oracle-script.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 0;
const dir = mkdtempSync(join(tmpdir(), 'faultline-mixed-protocols-'));
const agents: { stop(): Promise<void> }[] = [];
let oracleDigest: string;

beforeAll(async () => {
  loadBuiltins();
  oracleDigest = (await runEpisode({ env: ENV, seed: SEED, perturb: 'clean', team: oracleTeam })).digest;
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await closeOracleSessions();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a team file: oracle planner and reviewer, the executor reached over `kind` at `url`. */
function teamFile(id: string, kind: 'a2a' | 'agent-protocol', url: string, timeoutSeconds = 60): string {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(
    file,
    [
      `id: ${id}`,
      'roles:',
      '  planner: { kind: oracle }',
      `  executor: { kind: ${kind}, url: "${url}" }`,
      '  reviewer: { kind: oracle }',
      `remote: { timeoutSeconds: ${timeoutSeconds}, retries: 1 }`,
      '',
    ].join('\n'),
  );
  return file;
}

async function a2a(mode: 'oracle' | 'garbage' | 'hang'): Promise<ScriptedA2aAgent> {
  const agent = await startScriptedA2aAgent({ mode, script: { env: ENV, seed: SEED } });
  agents.push(agent);
  return agent;
}

async function agentProtocol(mode: 'oracle'): Promise<ScriptedAgent> {
  const agent = await startScriptedAgent({ mode, oracle: { env: ENV, seed: SEED } });
  agents.push({ stop: () => agent.close() });
  return agent;
}

async function run(out: string, files: readonly string[]) {
  return cliInProcess([
    'run',
    '--env',
    ENV,
    '--seeds',
    String(SEED),
    '--team-file',
    files.join(','),
    '--out',
    out,
    '--report',
  ]);
}

describe('mixed teams with a remote executor', () => {
  it("an A2A executor acting through MCP plays the oracle's episode; the run records, replays and reports", async () => {
    const agent = await a2a('oracle');
    const out = join(dir, 'a2a');
    const r = await run(out, [teamFile('mixed-a2a', 'a2a', agent.cardUrl)]);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
    expect(records.map((x) => [x.team, x.outcome, x.digest])).toEqual([['mixed-a2a', 'success', oracleDigest]]);
    expect(agent.problems).toEqual([]);
    // The agent was told its MCP endpoint in the metadata, and got its briefing first.
    const first = agent.received[0];
    expect(JSON.stringify(first?.metadata)).toMatch(/"mcp":\{"url":"http:\/\/127\.0\.0\.1:\d+\//);
    expect(first?.texts.join('\n')).toContain('executor');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('mixed-a2a');
    const replay = await cliInProcess(['replay', out]);
    expect(replay.code, replay.stdout).toBe(0);
  }, 120_000);

  it("an Agent Protocol executor acting through MCP plays the oracle's episode", async () => {
    const agent = await agentProtocol('oracle');
    const out = join(dir, 'ap');
    const r = await run(out, [teamFile('mixed-ap', 'agent-protocol', agent.url)]);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
    expect(records.map((x) => [x.team, x.outcome, x.digest])).toEqual([['mixed-ap', 'success', oracleDigest]]);
    const created = agent.seen.filter((s) => s.method === 'POST' && s.path === '/ap/v1/agent/tasks');
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created[0]?.body)).toContain('"mcp":{"url":"http://127.0.0.1:');
  }, 120_000);

  it('records an agent that answers garbage, one that hangs and one that is down, and the run goes on', async () => {
    const garbage = await a2a('garbage');
    const hang = await a2a('hang');
    const down = `http://127.0.0.1:${await refusedPort()}/.well-known/agent-card.json`;
    const out = join(dir, 'faults');
    const started = performance.now();
    const r = await run(out, [
      teamFile('remote-garbage', 'a2a', garbage.cardUrl),
      teamFile('remote-hang', 'a2a', hang.cardUrl, 3),
      teamFile('remote-down', 'a2a', down),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(60_000);
    const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
    const byTeam = new Map(records.map((x) => [x.team, x]));
    expect([...byTeam.keys()].sort()).toEqual(['remote-down', 'remote-garbage', 'remote-hang']);
    // Garbage is the team's doing: error observations, then no progress — a failure, not an error.
    const g = byTeam.get('remote-garbage');
    expect(g?.outcome).toBe('failure');
    expect(g?.invalidActions).toBeGreaterThan(0);
    // A hang or an agent that is down is the infrastructure's: left out of pass rates.
    for (const id of ['remote-hang', 'remote-down']) {
      const x = byTeam.get(id);
      expect(x?.outcome, id).toBe('provider_error');
      expect(x?.error?.message, id).toMatch(/executor/);
    }
    expect(byTeam.get('remote-hang')?.error?.message).toMatch(/time|timeout/i);
    expect(byTeam.get('remote-down')?.error?.message).toMatch(/unreachable|refused|connect/i);
  }, 120_000);
});
