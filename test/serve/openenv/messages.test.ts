/**
 * Bad messages on `/ws`: whatever a client sends becomes an error reply with the protocol's code
 * (or, for a bad action, an error observation of the env), and the connection and the server
 * keep working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadBuiltins } from '../../../src/builtins.js';
import { startOpenEnvServer, WS_ERROR_CODES, type OpenEnvServer } from '../../../src/serve/openenv/index.js';
import { OpenEnvClient, type Reply } from './client.js';
import { runs } from '../../support/sizes.js';

const ENV = 'flaky-api/migrate-records-v1';
let server: OpenEnvServer;

beforeAll(async () => {
  loadBuiltins();
  server = await startOpenEnvServer({ port: 0 });
});
afterAll(async () => server.close());

/** Sends one raw frame and returns the reply. */
async function raw(client: OpenEnvClient, frame: string | Buffer): Promise<Reply> {
  client.sendRaw(frame);
  return client.next();
}

describe('frames that are not messages', () => {
  it.each([
    ['text that is not JSON', 'reset please', 'INVALID_JSON'],
    ['truncated JSON', '{"type": "reset"', 'INVALID_JSON'],
    ['a JSON array', '[{"type": "reset"}]', 'VALIDATION_ERROR'],
    ['JSON null', 'null', 'VALIDATION_ERROR'],
    ['a JSON number', '42', 'VALIDATION_ERROR'],
    ['no type', '{"data": {}}', 'UNKNOWN_TYPE'],
    ['an unknown type', '{"type": "teleport"}', 'UNKNOWN_TYPE'],
    ['a type that is not a string', '{"type": ["reset"]}', 'UNKNOWN_TYPE'],
    ['an mcp message (not served)', '{"type": "mcp", "data": {}}', 'UNKNOWN_TYPE'],
    ['an extra field', '{"type": "state", "admin": true}', 'VALIDATION_ERROR'],
    ['a step without data', '{"type": "step"}', 'VALIDATION_ERROR'],
    ['a step before any reset', '{"type": "step", "data": {"type": "wait", "ticks": 1}}', 'EXECUTION_ERROR'],
  ])('%s', async (_name, frame, code) => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    const reply = await raw(client, frame);
    expect(reply).toMatchObject({ type: 'error', data: { code } });
    expect(typeof reply.data['message']).toBe('string');
    expect(await client.state()).toMatchObject({ episode_id: null });
    await client.close();
  });

  it('a binary frame is INVALID_JSON', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    expect(await raw(client, Buffer.from('{"type": "state"}'))).toMatchObject({
      type: 'error',
      data: { code: 'INVALID_JSON' },
    });
    await client.close();
  });
});

describe('bad resets', () => {
  it.each([
    ['data that is not an object', 5, 'VALIDATION_ERROR', 'data'],
    ['a negative seed', { env_id: ENV, seed: -1 }, 'VALIDATION_ERROR', 'seed'],
    ['a fractional seed', { env_id: ENV, seed: 1.5 }, 'VALIDATION_ERROR', 'seed'],
    ['a seed beyond 32 bits', { env_id: ENV, seed: 2 ** 32 }, 'VALIDATION_ERROR', 'seed'],
    ['a string seed', { env_id: ENV, seed: '7' }, 'VALIDATION_ERROR', 'seed'],
    ['a long episode id', { env_id: ENV, episode_id: 'x'.repeat(256) }, 'VALIDATION_ERROR', 'episode_id'],
    ['no env id and no default', { seed: 1 }, 'VALIDATION_ERROR', 'env_id'],
    ['an unknown env', { env_id: 'nowhere/nothing-v1' }, 'VALIDATION_ERROR', 'env_id'],
    ['an unknown view', { env_id: ENV, view: 'both' }, 'VALIDATION_ERROR', 'view'],
  ])('%s', async (_name, data, code, field) => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    const reply = await client.request('reset', data);
    expect(reply).toMatchObject({ type: 'error', data: { code } });
    expect(String(reply.data['message'])).toContain(field);
    await client.close();
  });

  it('an unknown perturbation profile is a VALIDATION_ERROR that names the profiles', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    const reply = await client.request('reset', { env_id: ENV, perturb: 'meteor' });
    expect(reply).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR' } });
    expect(String(reply.data['message'])).toContain('production');
    await client.close();
  });

  it('a failed reset leaves the running episode as it was', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ env_id: ENV, seed: 4, episode_id: 'kept' });
    await client.step({ type: 'wait', ticks: 1 });
    expect(await client.request('reset', { env_id: ENV, perturb: 'meteor' })).toMatchObject({ type: 'error' });
    expect(await client.request('reset', { env_id: 'nowhere/nothing-v1' })).toMatchObject({ type: 'error' });
    expect(await client.state()).toMatchObject({ episode_id: 'kept', step_count: 1, env_id: ENV, seed: 4 });
    await client.close();
  });

  it('unknown fields are ignored and reported', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    const first = await client.reset({ env_id: ENV, seed: 1, temperature: 0.7 });
    expect(first.observation.metadata['ignored_fields']).toEqual(['temperature']);
    await client.close();
  });
});

describe('bad actions', () => {
  it('are error observations of the env, and the episode goes on', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ env_id: ENV, seed: 2 });
    const actions: unknown[] = [
      { type: 'fly' },
      'finish',
      null,
      [1, 2, 3],
      { type: 'tool', tool: 'no_such_tool', args: {} },
      JSON.parse('{"type": "tool", "tool": "x", "__proto__": {"polluted": true}}'),
      { type: 'ask', question: 'x'.repeat(300_000) },
    ];
    for (const action of actions) {
      const r = await client.step(action);
      expect(r.done).toBe(false);
      expect(r.observation['last']).toMatchObject({ ok: false });
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await client.state()).toMatchObject({ step_count: actions.length, done: false });
    await client.close();
  });
  it('a deeply nested action (100,000 levels) is an error observation too', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ env_id: ENV, seed: 2 });
    const depth = 100_000;
    const reply = await raw(
      client,
      `{"type":"step","data":{"type":"tool","tool":"x","args":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`,
    );
    expect(reply).toMatchObject({ type: 'observation', data: { done: false, observation: { last: { ok: false } } } });
    expect(await client.state()).toMatchObject({ step_count: 1 });
    await client.close();
  });
});

describe('any frame at all', () => {
  it('gets one well-formed reply, and the server keeps serving', async () => {
    const client = await OpenEnvClient.connect(server.wsUrl);
    await client.reset({ env_id: ENV, seed: 3 });
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({ type: fc.constantFrom('reset', 'step', 'state'), data: fc.jsonValue({ maxDepth: 3 }) })
        .map((m) => JSON.stringify(m)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const reply = await raw(client, text);
        expect(['observation', 'state', 'error']).toContain(reply.type);
        if (reply.type === 'error') expect(WS_ERROR_CODES).toContain(reply.data['code']);
      }),
      { numRuns: runs(150, 1500) },
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await client.close();
  });
});
