/**
 * The model endpoints a job has a worker send its API keys to, as a run's LLM teams and model
 * proxy put them in the job, and the worker's answer to a job naming an endpoint it did not
 * choose. The end-to-end refusal, on a real queue, is in queue-commands.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { twoProviderSetup } from './two-provider-setup.js';
import type { PortableSetup } from '../../src/queue/portable-modules.js';
import { jobBaseUrls, refusedEndpoints, workerEndpoints } from '../../src/queue/job-endpoints.js';
import { startQueueWorker } from '../../src/queue/queue-worker.js';

describe('jobBaseUrls', () => {
  it("lists every endpoint of a run's LLM teams (defaults and roles) and of its model proxy", () => {
    const setup = twoProviderSetup({ reviewerKeyVar: 'OTHER_KEY', proxyBaseUrl: 'http://127.0.0.1:11434/v1' });
    expect(jobBaseUrls(setup)).toEqual([
      'http://vllm.internal:8000/v1',
      'https://other.example/v1',
      'http://127.0.0.1:11434/v1',
    ]);
  });

  it('finds a baseUrl wherever a job puts it, of any shape, and none of the built-in setup', () => {
    const setup: PortableSetup[] = [
      { module: 'builtins', options: { baseUrl: 'http://ignored' } },
      { module: 'llm', options: { teams: [{ deep: [{ deeper: { baseUrl: 'http://evil.example/v1' } }] }] } },
      { module: 'team-cmd', options: { proxy: { provider: { baseUrl: ['http://a', 'http://b'] } } } },
    ];
    expect(jobBaseUrls(setup)).toEqual(['http://evil.example/v1', '["http://a","http://b"]']);
    let deep: unknown = { baseUrl: 'http://deep.example/v1' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(jobBaseUrls([{ module: 'llm', options: deep }])).toEqual(['(options nested over 64 levels deep)']);
  });

  it('leaves out an entry whose gateway only replays a cassette: it calls no model', () => {
    const cassette = (mode: string) => ({ cassette: { dir: "(the worker's own)", mode } });
    const llm = (mode: string): PortableSetup => ({
      module: 'llm',
      options: { teams: [{ defaults: { provider: { baseUrl: `http://llm-${mode}` } } }], gateway: cassette(mode) },
    });
    const proxy = (mode: string): PortableSetup => ({
      module: 'team-cmd',
      options: { teams: [], proxy: { provider: { baseUrl: `http://proxy-${mode}` }, gateway: cassette(mode) } },
    });
    expect(jobBaseUrls([llm('replay'), proxy('replay')])).toEqual([]);
    expect(jobBaseUrls([llm('auto'), proxy('record'), llm('replay')])).toEqual([
      'http://llm-auto',
      'http://proxy-record',
    ]);
  });
});

describe('workerEndpoints and refusedEndpoints', () => {
  it("allow the worker's OPENAI_BASE_URL (else OpenAI's) and its --base-url values, trailing slashes and case aside", () => {
    const openai = workerEndpoints([], {});
    expect([...openai.values()]).toEqual(['https://api.openai.com/v1']);
    expect(refusedEndpoints(['https://api.openai.com/v1/'], openai)).toBeNull();
    const local = workerEndpoints(['http://vllm:8000/v1'], { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' });
    expect(refusedEndpoints(['http://127.0.0.1:11434/v1', 'HTTP://VLLM:8000/v1/'], local)).toBeNull();
    expect(refusedEndpoints(['https://api.openai.com/v1'], local)).toMatch(
      /the run's teams call "https:\/\/api\.openai\.com\/v1"/,
    );
  });

  it('names what is missing and the flag that would serve it, without credentials', () => {
    const message = refusedEndpoints(['https://user:pw@evil.example/v1?key=sk-abcdefgh123'], workerEndpoints([], {}));
    expect(message).toBe(
      'this worker sends model requests (with its API keys) only to the endpoints it chose (here: "https://api.openai.com/v1", from its OPENAI_BASE_URL or OpenAI\'s and its --base-url); the run\'s teams call "https://evil.example/v1 (credentials hidden)". Start a worker with --base-url "https://evil.example/v1 (credentials hidden)" (or with OPENAI_BASE_URL set to it)',
    );
    expect(message).not.toMatch(/pw|sk-/);
  });
});

describe('startQueueWorker', () => {
  it('refuses a --base-url that is not an http(s) URL before it connects, naming the flag', async () => {
    await expect(startQueueWorker({ url: 'redis://127.0.0.1:1/0', baseUrls: ['file:///etc'] })).rejects.toThrow(
      /--base-url.*the http\(s\) base URL of an OpenAI-compatible API/s,
    );
  });
});
