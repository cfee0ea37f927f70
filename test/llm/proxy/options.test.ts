/**
 * The proxy's options are checked at start, before a program is given its URL: each bad one
 * fails with a message naming it, and a key pasted where its variable's name belongs is not shown.
 */
import { describe, expect, it } from 'vitest';
import { startModelProxy, type ModelProxyOptions } from '../../../src/llm/proxy/index.js';

const provider = { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'FAULTLINE_PROXY_UNSET_KEY' };
const start = (options: Partial<ModelProxyOptions>) =>
  startModelProxy({ provider, ...options }).then(async (p) => {
    await p.close();
    return 'started';
  });

describe('startModelProxy options', () => {
  it('names the bad option', async () => {
    await expect(start({ port: 70_000 })).rejects.toThrow(/port: got 70000/);
    await expect(start({ maxBodyBytes: 10 })).rejects.toThrow(/maxBodyBytes/);
    await expect(start({ model: ' ' })).rejects.toThrow(/model/);
    await expect(start({ cache: { dir: 'x', mode: 'sometimes' as 'auto' } })).rejects.toThrow(/cache\.mode/);
    await expect(start({ provider: { baseUrl: 'ftp://x', apiKeyEnv: 'K' } })).rejects.toThrow(/provider\.baseUrl/);
  });

  it('never shows a key given as the variable name', async () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789abcdef';
    const error = await start({ provider: { baseUrl: provider.baseUrl, apiKeyEnv: key } }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/provider\.apiKeyEnv/);
    expect(String(error)).not.toContain(key);
  });

  it("needs OpenAI's key unless it only replays", async () => {
    const openai = { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'FAULTLINE_PROXY_UNSET_KEY' };
    await expect(start({ provider: openai })).rejects.toThrow(/FAULTLINE_PROXY_UNSET_KEY is not set/);
    await expect(start({ provider: openai, cache: { dir: 'unused', mode: 'replay' } })).resolves.toBe('started');
  });
});
