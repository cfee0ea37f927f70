/**
 * The setup of a run whose model calls go to two providers, as the run itself builds it: an LLM
 * team file whose defaults use one endpoint and whose reviewer uses another (with its own key
 * variable), plus an agent program behind the model proxy. The job checks of job-endpoints and
 * job-key-variables read their endpoints and key variables from it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llmSetupFrom } from '../../src/cli/llm-options.js';
import { teamCmdSetupFrom } from '../../src/cli/team-cmd-options.js';
import { portableSetup, type PortableSetup } from '../../src/queue/portable-modules.js';

/** What differs between the tests: the reviewer's key variable and the model proxy's endpoint. */
export interface TwoProviderOptions {
  readonly reviewerKeyVar: string;
  readonly proxyBaseUrl: string;
}

/**
 * The portable setup of such a run: team defaults at `http://vllm.internal:8000/v1`, the
 * reviewer at `https://other.example/v1` with `reviewerKeyVar`, the proxy at `proxyBaseUrl`.
 */
export function twoProviderSetup(options: TwoProviderOptions): PortableSetup[] {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-two-providers-'));
  try {
    const teamFile = join(dir, 'team.json');
    writeFileSync(
      teamFile,
      JSON.stringify({
        id: 'two-providers',
        defaults: { model: 'm', baseUrl: 'http://vllm.internal:8000/v1' },
        roles: { reviewer: { model: 'r', baseUrl: 'https://other.example/v1', apiKeyEnv: options.reviewerKeyVar } },
      }),
    );
    const env = { OPENAI_API_KEY: 'k', [options.reviewerKeyVar]: 'o' };
    const llm = llmSetupFrom({ teamFile: [teamFile] }, ['two-providers'], env).setupEntry!;
    const proxied = teamCmdSetupFrom(
      { teamCmd: 'node a.mjs {mcp_url}', modelProxy: true, baseUrl: options.proxyBaseUrl },
      env,
    ).setupEntry!;
    return portableSetup([llm, proxied]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
