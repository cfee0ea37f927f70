/**
 * The MCP HTTP server's limits and bad input: the cap on live episodes (503 with the message),
 * idle reaping, bad query values, unknown episodes and roles, paths that are not ids, bodies
 * over the cap, a client that drops mid-call — and many episodes at once that stay independent.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { startMcpHttpServer, type McpHttpServer } from '../../../src/serve/mcp/index.js';
import { ensurePairNotesEnv } from '../../fixtures/pair-notes-env.js';
import { sized } from '../../support/sizes.js';
import { toolCallOf } from './connect.js';
import { connectHttp, INITIALIZE, post } from './http-connect.js';

const ENV = 'filesystem/rename-symbol-v1';
let PAIR: string;
let pairOracle: EpisodeResult;
const servers: McpHttpServer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  loadBuiltins();
  PAIR = ensurePairNotesEnv();
  pairOracle = await runEpisode({ env: PAIR, team: oracleTeam, seed: 5 });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(options: Omit<Parameters<typeof startMcpHttpServer>[0], 'port'> = {}): Promise<McpHttpServer> {
  const server = await startMcpHttpServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

describe('the cap on live episodes', () => {
  it('a third episode at maxEpisodes 2 is refused with 503 and the message; an ended one frees its slot', async () => {
    const server = await start({ defaults: { env: ENV }, maxEpisodes: 2 });
    const a = await connectHttp(`${server.url}/mcp`);
    await connectHttp(`${server.url}/mcp?seed=1`);
    const refused = await post(`${server.url}/mcp`, INITIALIZE);
    expect(refused.status).toBe(503);
    expect(refused.json.error?.message).toBe('2 episodes are live (the cap); close one or raise --max-episodes.');
    await expect(connectHttp(`${server.url}/mcp`)).rejects.toThrow(/2 episodes are live/);
    const viaEpisodes = await post(`${server.url}/episodes`, { env: ENV, seed: 0 });
    expect(viaEpisodes.status).toBe(503);
    expect(() => server.openEpisode({ env: ENV, seed: 0 })).toThrow(/2 episodes are live \(the cap\)/);
    await a.leave();
    await sleep(20);
    expect(server.episodes()).toBe(1);
    await connectHttp(`${server.url}/mcp`);
    expect(server.episodes()).toBe(2);
  });
});

describe('idle reaping', () => {
  it('an episode nobody touches for idleTimeoutMs ends as agent_error "idle"; one in use is kept', async () => {
    const server = await start({ defaults: { env: PAIR, seed: 5 }, idleTimeoutMs: 200 });
    const idle = server.openEpisode({ env: PAIR, seed: 5 });
    const busy = await connectHttp(`${server.url}/mcp`);
    for (let i = 0; i < 5; i++) {
      await sleep(100);
      await busy.client.listTools();
    }
    const result = await idle.host.result;
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/^idle: no request reached the episode for 200 ms/);
    expect(server.episodes()).toBe(1);
    await sleep(350);
    expect(server.episodes()).toBe(0);
    // The reaped session is gone: its client's next call is refused, not answered by another episode.
    await expect(busy.call('list_notes')).rejects.toThrow(/not open|404/);
  });
});

describe('bad requests', () => {
  it('bad query values are HTTP 400 naming the field', async () => {
    const server = await start({ defaults: { env: ENV } });
    const cases: [string, RegExp][] = [
      ['seed=abc', /query field "seed": got "abc", expected a whole number/],
      ['seed=-1', /query field "seed"/],
      ['trial=1.5', /query field "trial"/],
      ['view=both', /query field "view": got "both", expected "team" or "single"/],
      ['colour=red', /query field "colour" is not known/],
      ['seed=1&seed=2', /query field "seed" is given 2 times/],
      ['env=nowhere/nothing-v1', /nowhere\/nothing-v1/],
      ['perturb=hurricane', /hurricane/],
    ];
    for (const [query, message] of cases) {
      const res = await post(`${server.url}/mcp?${query}`, INITIALIZE);
      expect(res.status, query).toBe(400);
      expect(res.json.error?.message, query).toMatch(message);
    }
    const bare = await start();
    const noEnv = await post(`${bare.url}/mcp`, INITIALIZE);
    expect(noEnv.status).toBe(400);
    expect(noEnv.json.error?.message).toMatch(/field "env" is missing/);
    expect(server.episodes() + bare.episodes()).toBe(0);
  });

  it('unknown episodes and roles are 404 with the valid roles; a path is never a file', async () => {
    const server = await start();
    const handle = server.openEpisode({ env: PAIR, seed: 5 });
    const unknownRole = await post(`${server.url}/mcp/${handle.id}/boss`, INITIALIZE);
    expect(unknownRole.status).toBe(404);
    expect(unknownRole.json.error?.message).toMatch(/has no role "boss"; its roles: planner, executor/);
    const unknownEpisode = await post(`${server.url}/mcp/no-such-episode/planner`, INITIALIZE);
    expect(unknownEpisode.status).toBe(404);
    expect(unknownEpisode.json.error?.message).toMatch(/episode "no-such-episode" is not on this server/);
    for (const path of [
      '/mcp/..%2F..%2Fetc%2Fpasswd',
      '/mcp/../../etc/passwd',
      '/mcp/a/b/c',
      '/episodes/.hidden',
      '/',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toMatch(/root:/);
    }
    const state = await fetch(`${server.url}/episodes/${handle.id}`);
    expect(await state.json()).toMatchObject({ id: handle.id, ended: false, holder: 'planner', steps: 0 });
    expect((await fetch(`${server.url}/episodes/nope`)).status).toBe(404);
    const badBody = await post(`${server.url}/episodes`, { env: PAIR, seed: 'x' });
    expect(badBody.status).toBe(400);
    expect(badBody.json.error?.message).toMatch(/body field "seed"/);
    const notJson = await post(`${server.url}/mcp`, '{"jsonrpc":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.message).toMatch(/not JSON/);
    const noSession = await post(`${server.url}/mcp`, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(noSession.status).toBe(400);
  });

  it('a loopback server refuses requests addressed to another host name (DNS rebinding)', async () => {
    const server = await start({ defaults: { env: ENV } });
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/health`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('attacker.example:80')).toBe(403);
    expect(await status(new URL(server.url).host)).toBe(200);
    expect(await status(`localhost:${new URL(server.url).port}`)).toBe(200);
  });

  it('a body over the cap is 413; the server goes on serving', async () => {
    const server = await start({ defaults: { env: ENV }, maxBodyBytes: 64 * 1024 });
    const big = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, pad: 'x'.repeat(100_000) } });
    const res = await post(`${server.url}/mcp`, big);
    expect(res.status).toBe(413);
    expect(res.json.error?.message).toMatch(/over 65536 bytes/);
    const session = await connectHttp(`${server.url}/mcp`);
    expect((await session.client.listTools()).tools.length).toBeGreaterThan(0);
    await session.leave();
  });
});

describe('a client that drops mid-call', () => {
  it('the call is cancelled (it no longer waits for control); the episode and the server go on', async () => {
    const server = await start();
    const handle = server.openEpisode({ env: PAIR, seed: 5 });
    const planner = await connectHttp(handle.urls.roles['planner'] ?? '');
    const executor = await connectHttp(handle.urls.roles['executor'] ?? '');
    // A raw call on the executor's session, waiting for control, whose client goes away.
    const abort = new AbortController();
    const dropped = fetch(handle.urls.roles['executor'] ?? '', {
      method: 'POST',
      signal: abort.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': executor.transport.sessionId ?? '',
        'mcp-protocol-version': executor.transport.protocolVersion ?? '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 99,
        method: 'tools/call',
        params: { name: 'list_notes', arguments: {} },
      }),
    }).then((r) => r.text());
    await sleep(50);
    expect(handle.host.waitingCalls).toBe(1);
    abort.abort();
    await expect(dropped).rejects.toThrow();
    await sleep(50);
    expect(handle.host.waitingCalls).toBe(0);
    expect(handle.host.finished).toBeNull();

    await Promise.all(
      (['planner', 'executor'] as const).map(async (role) => {
        const session = role === 'planner' ? planner : executor;
        for (const step of pairOracle.trajectory.filter((s) => s.role === role)) {
          const { name, args } = toolCallOf(step);
          await session.call(name, args);
        }
      }),
    );
    const result = await handle.host.result;
    expect(result.outcome).toBe('success');
    expect(result.digest).toBe(pairOracle.digest);
    await Promise.all([planner.leave(), executor.leave()]);
  });
});

describe('many episodes at once', () => {
  it('sessions playing different seeds at the same time each get their own in-process digest', async () => {
    const n = sized(6, 24);
    const server = await start({ defaults: { env: PAIR }, maxEpisodes: n });
    const oracles = await Promise.all(
      Array.from({ length: n }, (_, seed) => runEpisode({ env: PAIR, team: oracleTeam, seed })),
    );
    const sessions = await Promise.all(oracles.map((_, seed) => connectHttp(`${server.url}/mcp?seed=${seed}`)));
    expect(server.episodes()).toBe(n);
    const digests = await Promise.all(
      sessions.map(async (session, seed) => {
        let last;
        for (const step of oracles[seed]?.trajectory ?? []) {
          const { name, args } = toolCallOf(step);
          last = await session.call(name, args);
        }
        return (last?.structuredContent as { episode?: { digest: string } } | undefined)?.episode?.digest;
      }),
    );
    expect(digests).toEqual(oracles.map((o) => o.digest));
    expect(new Set(digests).size).toBe(n);
    await Promise.all(sessions.map((s) => s.leave()));
  });
});
