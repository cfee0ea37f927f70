/**
 * What a worker accepts to run for a job, as one answer: the programs, endpoints and key
 * variables a job names, each against the worker's own choices; and what `queue status` shows.
 */
import { describe, expect, it } from 'vitest';
import { WorkerAccepts } from '../../src/queue/worker-accepts.js';
import type { PortableSetup } from '../../src/queue/portable-modules.js';

const accepts = new WorkerAccepts(
  { teamCommands: ['node agent.mjs'], baseUrls: ['http://u:pw@vllm:8000/v1'], apiKeyEnvs: ['GROQ_API_KEY'] },
  { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' },
);

const llm = (provider: Record<string, string>): PortableSetup => ({
  module: 'llm',
  options: { teams: [{ id: 't', defaults: { model: 'm', provider } }], gateway: { cassette: null } },
});

describe('WorkerAccepts', () => {
  it('accepts a job naming only what the worker chose', () => {
    const setup: PortableSetup[] = [
      { module: 'builtins' },
      { module: 'team-cmd', options: { teams: [{ id: 'c', command: 'node agent.mjs' }] } },
      llm({ baseUrl: 'http://u:pw@vllm:8000/v1/', apiKeyEnv: 'GROQ_API_KEY' }),
      llm({ baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'OPENAI_API_KEY' }),
    ];
    expect(accepts.refusal(setup)).toBeNull();
  });

  it('refuses a program, an endpoint or a key variable it did not choose, each naming its flag', () => {
    const program: PortableSetup = { module: 'team-cmd', options: { teams: [{ id: 'c', command: 'sh -c x' }] } };
    expect(accepts.refusal([program])).toMatch(/--team-cmd "sh -c x"/);
    expect(accepts.refusal([llm({ baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' })])).toMatch(
      /--base-url "https:\/\/api\.openai\.com\/v1"/,
    );
    expect(accepts.refusal([llm({ baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'HOME' })])).toMatch(
      /--api-key-env "HOME"/,
    );
  });

  it('shows what it accepts, endpoints without credentials', () => {
    expect(accepts.info()).toEqual({
      programs: ['node agent.mjs'],
      modelEndpoints: ['http://127.0.0.1:11434/v1', 'http://vllm:8000/v1 (credentials hidden)'],
      keyVariables: ['OPENAI_API_KEY', 'GROQ_API_KEY'],
    });
  });

  it.each([
    [{ teamCommands: [''] }, /--team-cmd/],
    [{ baseUrls: ['ftp://x'] }, /--base-url/],
    [{ apiKeyEnvs: ['1X'] }, /--api-key-env/],
  ])('refuses the choice %j, naming its flag', (choices, flag) => {
    expect(() => new WorkerAccepts(choices, {})).toThrow(flag);
  });
});
