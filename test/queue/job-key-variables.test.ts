/**
 * The environment variables a job has a worker read API keys from, as a run's LLM teams and model
 * proxy name them, and the worker's answer to a job naming one it did not choose. The end-to-end
 * refusal, on a real queue, is in queue-commands.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { twoProviderSetup } from './two-provider-setup.js';
import { jobKeyVariables, refusedKeyVariables, workerKeyVariables } from '../../src/queue/job-key-variables.js';
import { startQueueWorker } from '../../src/queue/queue-worker.js';

describe('jobKeyVariables', () => {
  it("lists the key variable of every provider of a run's LLM teams and model proxy", () => {
    const setup = twoProviderSetup({ reviewerKeyVar: 'GROQ_API_KEY', proxyBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(jobKeyVariables(setup)).toEqual(['OPENAI_API_KEY', 'GROQ_API_KEY']);
  });
});

describe('refusedKeyVariables', () => {
  it('reads OPENAI_API_KEY and the variables given, and names the flag for any other', () => {
    expect(refusedKeyVariables(['OPENAI_API_KEY'], workerKeyVariables([]))).toBeNull();
    expect(refusedKeyVariables(['OPENAI_API_KEY', 'GROQ_API_KEY'], workerKeyVariables(['GROQ_API_KEY']))).toBeNull();
    expect(refusedKeyVariables(['AWS_SECRET_ACCESS_KEY', 'OPENAI_API_KEY'], workerKeyVariables(['GROQ_API_KEY']))).toBe(
      'this worker reads API keys only from the variables it chose (here: "OPENAI_API_KEY", "GROQ_API_KEY", OPENAI_API_KEY and its --api-key-env); the run\'s teams name "AWS_SECRET_ACCESS_KEY". Start a worker with --api-key-env "AWS_SECRET_ACCESS_KEY" if that variable holds the provider\'s key',
    );
  });
});

describe('startQueueWorker', () => {
  it('refuses an --api-key-env that is not a variable name before it connects, naming the flag', async () => {
    await expect(startQueueWorker({ url: 'redis://127.0.0.1:1/0', apiKeyEnvs: ['A B'] })).rejects.toThrow(
      /--api-key-env.*the name of an environment variable holding an API key/s,
    );
  });
});
