/**
 * The environment variables a job has a worker read API keys from, as a run's LLM teams and model
 * proxy name them, and the worker's answer to a job naming one it did not choose. The end-to-end
 * refusal, on a real queue, is in queue-commands.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { llmSetupFrom } from '../../src/cli/llm-options.js';
import { teamCmdSetupFrom } from '../../src/cli/team-cmd-options.js';
import { portableSetup } from '../../src/queue/portable-modules.js';
import { jobKeyVariables, refusedKeyVariables, workerKeyVariables } from '../../src/queue/job-key-variables.js';
import { startQueueWorker } from '../../src/queue/queue-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-job-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jobKeyVariables', () => {
  it("lists the key variable of every provider of a run's LLM teams and model proxy", () => {
    const teamFile = join(dir, 'team.json');
    writeFileSync(
      teamFile,
      JSON.stringify({
        id: 'two-keys',
        defaults: { model: 'm', baseUrl: 'http://vllm.internal:8000/v1' },
        roles: { reviewer: { model: 'r', baseUrl: 'https://other.example/v1', apiKeyEnv: 'GROQ_API_KEY' } },
      }),
    );
    const env = { OPENAI_API_KEY: 'k', GROQ_API_KEY: 'g' };
    const llm = llmSetupFrom({ teamFile: [teamFile] }, ['two-keys'], env).setupEntry!;
    const proxied = teamCmdSetupFrom(
      { teamCmd: 'node a.mjs', modelProxy: true, baseUrl: 'http://127.0.0.1:9/v1' },
      env,
    ).setupEntry!;
    expect(jobKeyVariables(portableSetup([llm, proxied]))).toEqual(['OPENAI_API_KEY', 'GROQ_API_KEY']);
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
