/**
 * The MCP server over Streamable HTTP, driven by the official SDK client: a fresh episode per
 * `/mcp` session solved by the oracle's actions with the in-process digest; a two-role team
 * over two sessions joined at `/mcp/ID/ROLE`, every step attributed to its role; episodes
 * recorded into a hosted run directory as trials, and reported.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import type { StepTurn } from '../../../src/team/turn.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { HostedRun } from '../../../src/serve/hosted-run.js';
import { startMcpHttpServer, type McpHttpServer } from '../../../src/serve/mcp/index.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { cliInProcess } from '../../support/cli.js';
import { ensurePairNotesEnv } from '../../fixtures/pair-notes-env.js';
import { toolCallOf } from './connect.js';
import { connectHttp } from './http-connect.js';

const ENV = 'filesystem/rename-symbol-v1';
let PAIR: string;
let oracle: EpisodeResult;
let pairOracle: EpisodeResult;
const dirs: string[] = [];
const servers: McpHttpServer[] = [];

beforeAll(async () => {
  loadBuiltins();
  PAIR = ensurePairNotesEnv();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
  pairOracle = await runEpisode({ env: PAIR, team: oracleTeam, seed: 3 });
  expect(oracle.outcome).toBe('success');
  expect(pairOracle.outcome).toBe('success');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(options: Omit<Parameters<typeof startMcpHttpServer>[0], 'port'> = {}): Promise<McpHttpServer> {
  const server = await startMcpHttpServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

describe('MCP over Streamable HTTP', () => {
  it("lists the tools and solves a fresh /mcp episode by the oracle's actions with the in-process digest", async () => {
    const server = await start({ defaults: { env: ENV } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const session = await connectHttp(`${server.url}/mcp?seed=0`);
    expect(server.episodes()).toBe(1);
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['read_file', 'write_file', 'handoff', 'finish']));
    let last;
    for (const step of oracle.trajectory) {
      const { name, args } = toolCallOf(step);
      last = await session.call(name, args);
      expect(last.structuredContent).toMatchObject({ step: step.step, role: step.role });
    }
    expect(last?.structuredContent).toMatchObject({
      done: true,
      episode: { outcome: 'success', digest: oracle.digest },
    });
    expect(server.episodes()).toBe(0);
    await session.leave();
  });

  it('a team episode opened by POST /episodes, one session per role: same digest, steps attributed per role', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/episodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ env: PAIR, seed: 3, perturb: 'clean', team: 'mcp-pair' }),
    });
    expect(res.status).toBe(201);
    const opened = (await res.json()) as {
      id: string;
      roles: string[];
      urls: { team: string; roles: Record<string, string> };
    };
    expect(opened.roles).toEqual(['planner', 'executor']);
    expect(opened.urls.roles['executor']).toBe(`${server.url}/mcp/${opened.id}/executor`);

    const sessions = new Map(
      await Promise.all(opened.roles.map(async (r) => [r, await connectHttp(opened.urls.roles[r] ?? '', r)] as const)),
    );
    // Each role plays its part at once; a call made while the other role holds control waits.
    await Promise.all(
      [...sessions].map(async ([role, session]) => {
        for (const step of pairOracle.trajectory.filter((s) => s.role === role)) {
          const { name, args } = toolCallOf(step);
          expect((await session.call(name, args)).structuredContent).toMatchObject({ step: step.step, role });
        }
      }),
    );
    const state = (await (await fetch(`${server.url}/episodes/${opened.id}`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({
      ended: true,
      outcome: 'success',
      digest: pairOracle.digest,
      team: 'mcp-pair',
      holder: null,
    });
    expect(state['steps']).toBe(pairOracle.trajectory.length);
    await Promise.all([...sessions.values()].map((s) => s.leave()));
  });

  it('a second session for a role already attached gets a clear error; a session of the whole team excludes roles', async () => {
    const server = await start();
    const handle = server.openEpisode({ env: PAIR, seed: 3 });
    const planner = await connectHttp(handle.urls.roles['planner'] ?? '');
    await expect(connectHttp(handle.urls.roles['planner'] ?? '')).rejects.toThrow(/a role without a session/);
    await expect(connectHttp(handle.urls.team)).rejects.toThrow(
      /either one session for the whole team or one per role/,
    );
    await planner.leave();
    // The planner held control when it left: the episode ended as the stdio server ends it.
    const result = await handle.host.result;
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/session of role "planner" closed/);
  });

  it('with a hosted run, two sessions on the same env and seed are trials 0 and 1 of one run directory, reported', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-mcp-http-')), 'run');
    dirs.push(dir);
    const run = HostedRun.open(dir, { maxActionBytes: 65536 });
    const server = await startMcpHttpServer({ port: 0, run, defaults: { env: PAIR } });
    const a = await connectHttp(`${server.url}/mcp?seed=3`);
    const b = await connectHttp(`${server.url}/mcp?seed=3&perturb=clean`);
    for (const session of [a, b])
      for (const step of pairOracle.trajectory) {
        const { name, args } = toolCallOf(step);
        await session.call(name, args);
      }
    await Promise.all([a.leave(), b.leave()]);
    await server.close();
    run.close();
    const { records, problems } = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.trial, r.outcome, r.digest])).toEqual([
      [0, 'success', pairOracle.digest],
      [1, 'success', pairOracle.digest],
    ]);
    const lines = readFileSync(join(dir, records[0]?.trajectoryFile ?? ''), 'utf8')
      .trim()
      .split('\n');
    const roles = lines.slice(1, -1).map((l) => (JSON.parse(l) as { role: string }).role);
    expect(roles).toEqual(pairOracle.trajectory.map((s) => s.role));
    const report = await cliInProcess(['report', dir]);
    expect(report.code).toBe(0);
  });

  it('plays the world size a query asks for (or the server default), records it, and refuses a bad one by name', async () => {
    const sized = await runEpisode({ env: ENV, team: oracleTeam, seed: 0, worldSize: 300 });
    expect(sized.digest).not.toBe(oracle.digest);
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-mcp-http-size-')), 'run');
    dirs.push(dir);
    const run = HostedRun.open(dir, { maxActionBytes: 65536 });
    const server = await startMcpHttpServer({ port: 0, run, defaults: { env: ENV, worldSize: 'small' } });
    const session = await connectHttp(`${server.url}/mcp?seed=0&worldSize=300`);
    let last;
    for (const step of sized.trajectory) {
      const { name, args } = toolCallOf(step);
      last = await session.call(name, args);
    }
    expect(last?.structuredContent).toMatchObject({
      done: true,
      episode: { outcome: 'success', digest: sized.digest },
    });
    await session.leave();
    const opened = await fetch(`${server.url}/episodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 0 }),
    });
    const { id } = (await opened.json()) as { id: string };
    expect(await (await fetch(`${server.url}/episodes/${id}`)).json()).toMatchObject({ worldSize: 100 });
    const bad = await fetch(`${server.url}/episodes`, { method: 'POST', body: JSON.stringify({ worldSize: 'huge' }) });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { error: { message: string } };
    expect(problem.error.message).toMatch(/body field "worldSize": got "huge", expected small \(100\)/);
    await server.close();
    run.close();
    const { records } = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(records.find((r) => r.outcome === 'success')).toMatchObject({
      id: 'filesystem.rename-symbol-v1__mcp__s0__w300__t0',
      worldSize: 300,
      digest: sized.digest,
    });
  });

  it('a trial asked for that the run already holds is refused; a trial left out gets the next free one', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-mcp-http-')), 'run');
    dirs.push(dir);
    const run = HostedRun.open(dir, { maxActionBytes: 65536 });
    const server = await startMcpHttpServer({ port: 0, run });
    const open = (body: Record<string, unknown>) =>
      fetch(`${server.url}/episodes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ env: PAIR, seed: 3, ...body }),
      });
    const first = await open({ trial: 2 });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ trial: 2 });
    const again = await open({ trial: 2 });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /already recorded or playing/,
    );
    expect(await (await open({})).json()).toMatchObject({ trial: 0 });
    await server.close();
    run.close();
    // Both episodes were unfinished when the server stopped: recorded as agent_error "server stopped".
    const { records } = readRecordedEpisodes(dir);
    expect(records.map((r) => [r.trial, r.outcome, r.error?.message])).toEqual([
      [0, 'agent_error', 'server stopped'],
      [2, 'agent_error', 'server stopped'],
    ]);
  });

  it("one session for a team episode at /mcp/ID, with each step's model turn from turnOf: stored outside the digest", async () => {
    const server = await start();
    const turn: StepTurn = {
      calls: [
        {
          key: 'k',
          ordinal: 1,
          model: 'scripted',
          message: { content: 'ok', toolCalls: [] },
          usage: { promptTokens: 10, completionTokens: 2, cachedTokens: 0 },
          costUsd: null,
          latencyMs: 1,
          attempts: [],
        },
      ],
    };
    const asked: string[] = [];
    const handle = server.openEpisode({
      env: PAIR,
      seed: 3,
      turnOf: (role) => {
        asked.push(role);
        return role === 'executor' ? turn : undefined;
      },
    });
    const team = await connectHttp(handle.urls.team);
    for (const step of pairOracle.trajectory) {
      const { name, args } = toolCallOf(step);
      await team.call(name, args);
    }
    const result = await handle.host.result;
    expect(result.digest).toBe(pairOracle.digest);
    expect(asked).toEqual(pairOracle.trajectory.map((s) => s.role));
    expect(result.trajectory.map((s) => s.turn === turn)).toEqual(
      pairOracle.trajectory.map((s) => s.role === 'executor'),
    );
    const executorSteps = pairOracle.trajectory.filter((s) => s.role === 'executor').length;
    expect(result.usage).toMatchObject({ calls: executorSteps, promptTokens: 10 * executorSteps });
    await team.leave();
  });
});
