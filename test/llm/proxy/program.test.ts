/**
 * A real child process using the official client, configured only by `OPENAI_BASE_URL` (the
 * proxy's base URL for its episode and role) and a dummy `OPENAI_API_KEY`: its calls reach the
 * provider with the proxy's key, and are recorded as the role's turn.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ModelProxy } from '../../../src/llm/proxy/index.js';
import type { ScriptedModelServer } from '../../../src/testing/model-server/index.js';
import { DUMMY_KEY, KEY_ENV, SECRET, proxyPerFile } from './harness.js';

const PROGRAM = fileURLToPath(new URL('./fixtures/program.mjs', import.meta.url));

let server: ScriptedModelServer;
let proxy: ModelProxy;
proxyPerFile((started) => ({ server, proxy } = started));

describe('an external program behind the model proxy', () => {
  it('runs with OPENAI_BASE_URL and a dummy key, and its calls become the role turn', async () => {
    // The program's environment: no key of the proxy's, only what it is given.
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '' };
    env['OPENAI_BASE_URL'] = proxy.baseUrlFor('ep-prog', 'coder');
    env['OPENAI_API_KEY'] = DUMMY_KEY;
    expect(Object.keys(env)).not.toContain(KEY_ENV);
    const { stdout } = await promisify(execFile)(process.execPath, [PROGRAM], { env, timeout: 10_000 });
    expect(stdout).not.toContain(SECRET);
    expect(JSON.parse(stdout)).toEqual({ plan: 'ep-prog/coder: plan', act: 'ep-prog/coder: act' });
    const turn = proxy.takeTurn('ep-prog', 'coder');
    expect(turn?.calls.map((c) => [c.ordinal, c.message.content])).toEqual([
      [1, 'ep-prog/coder: plan'],
      [2, 'ep-prog/coder: act'],
    ]);
    expect(server.requests.every((r) => r.authorized)).toBe(true);
    proxy.endEpisode('ep-prog');
  });
});
