/**
 * The server's limits: a capacity cap answered `CAPACITY_REACHED`, idle sessions reaped, large
 * messages accepted up to a cap (a larger one closes only its own connection), a client that
 * stops reading closed once its unsent replies pass a cap, and no upgrade on any path but `/ws`.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import {
  CLOSE_CODES,
  startOpenEnvServer,
  type OpenEnvServer,
  type OpenEnvServerOptions,
} from '../../../src/serve/openenv/index.js';
import { OpenEnvClient } from './client.js';
import { RawWsClient } from './raw-client.js';

const ENV = 'filesystem/rename-symbol-v1';
const servers: OpenEnvServer[] = [];

beforeAll(() => loadBuiltins());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: OpenEnvServerOptions): Promise<OpenEnvServer> {
  const server = await startOpenEnvServer({ port: 0, defaultEnv: ENV, ...options });
  servers.push(server);
  return server;
}

describe('capacity', () => {
  it('one connection over the cap gets CAPACITY_REACHED and is closed; a freed slot is reused', async () => {
    const server = await start({ maxSessions: 2 });
    const a = await OpenEnvClient.connect(server.wsUrl);
    const b = await OpenEnvClient.connect(server.wsUrl);
    await a.reset({ seed: 1 });
    const c = await OpenEnvClient.connect(server.wsUrl);
    expect(await c.next()).toMatchObject({
      type: 'error',
      data: { code: 'CAPACITY_REACHED', active_sessions: 2, max_sessions: 2 },
    });
    expect((await c.closed()).code).toBe(CLOSE_CODES.tryAgainLater);
    // The sessions that hold the slots are untouched.
    expect(await a.state()).toMatchObject({ seed: 1, env_id: ENV });
    await b.close();
    await vi.waitFor(() => expect(server.sessions()).toBe(1));
    const d = await OpenEnvClient.connect(server.wsUrl);
    expect((await d.reset({ seed: 2 })).done).toBe(false);
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ active_sessions: 2, max_sessions: 2 });
    await a.close();
    await d.close();
  });
});

describe('idle sessions', () => {
  it('are told SESSION_ERROR and closed after the idle timeout', async () => {
    const server = await start({ idleTimeoutMs: 150 });
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ seed: 0 });
    expect(await client.next()).toMatchObject({ type: 'error', data: { code: 'SESSION_ERROR' } });
    expect((await client.closed()).code).toBe(CLOSE_CODES.idle);
    await vi.waitFor(() => expect(server.sessions()).toBe(0));
  });

  it('stay open while messages keep coming', async () => {
    const server = await start({ idleTimeoutMs: 200 });
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ seed: 0 });
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 80));
      expect(await client.state()).toMatchObject({ step_count: 0 });
    }
    expect(server.sessions()).toBe(1);
    await client.close();
  });
});

describe('large messages', () => {
  it('are accepted up to the cap; one over it closes only its own connection (1009)', async () => {
    const server = await start({ maxMessageBytes: 512 * 1024 });
    const big = await OpenEnvClient.connect(server.wsUrl);
    const other = await OpenEnvClient.connect(server.wsUrl);
    await big.reset({ seed: 0 });
    await other.reset({ seed: 5 });
    // A 240 kB action: under the message cap and under the 256 KiB action cap.
    const r = await big.step({ type: 'ask', question: 'Which module?', context: 'x'.repeat(240_000) });
    expect(r.done).toBe(false);
    expect(r.observation['last']).toMatchObject({ ok: true });
    big.sendRaw(JSON.stringify({ type: 'step', data: { type: 'ask', question: 'x'.repeat(600 * 1024) } }));
    expect((await big.closed()).code).toBe(CLOSE_CODES.tooBig);
    expect(await other.state()).toMatchObject({ seed: 5, step_count: 0 });
    await other.close();
  });
});

describe('a client that stops reading', () => {
  it('is closed with 1008 once its unsent replies pass the cap; the others are served', async () => {
    const cap = 256 * 1024;
    const server = await start({ maxBufferedBytes: cap });
    const other = await OpenEnvClient.connect(server.wsUrl);
    const raw = await RawWsClient.open(server.port);
    // Team-view resets answer ~20 kB each; the kernel's socket buffers take a few MB first.
    const reset = JSON.stringify({ type: 'reset', data: { seed: 1, view: 'team' } });
    let sent = 0;
    for (let batch = 0; batch < 100 && server.sessions() === 2; batch++) {
      await Promise.all(Array.from({ length: 50 }, () => raw.send(reset)));
      sent += 50;
      await new Promise((r) => setTimeout(r, 10));
    }
    await vi.waitFor(() => expect(server.sessions()).toBe(1));
    expect(await other.reset({ seed: 2 })).toMatchObject({ done: false });
    const frames = await raw.readUntilClose();
    const close = frames[frames.length - 1];
    expect(close?.opcode).toBe(0x8);
    expect(close?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.policy);
    expect(close?.payload.subarray(2).toString('utf8')).toMatch(/send buffer over 262144 bytes/);
    // Replies stopped being queued at the cap: far fewer came than were asked for.
    const replies = frames.filter((f) => f.opcode === 0x1).length;
    expect(replies).toBeGreaterThan(0);
    expect(replies).toBeLessThan(sent);
    await other.close();
  }, 30_000);
});

describe('paths', () => {
  it('a WebSocket on any other path is refused', async () => {
    const server = await start({});
    await expect(OpenEnvClient.connect(`${server.wsUrl.replace(/\/ws$/, '/other')}`)).rejects.toThrow(/404/);
  });
});
