/**
 * The run whose report the browser test opens: a mixed run as a user makes one through the
 * package's entries. The oracle, two flawed reference teams and the random baseline on two envs
 * under the production profile with two trials, and an LLM team against the scripted
 * OpenAI-compatible server whose model answers first with text full of markup, then finishes
 * early: every episode of that team fails, so its drill-downs show the model's words.
 */
import { join } from 'node:path';
import { evaluate, writeReport, type EvaluateResult } from 'faultline';
import { createModelGateway, llmTeam } from 'faultline/llm';
import { registerTeam } from 'faultline/teams';
import { startScriptedModelServer, textReply, toolCallsReply, type ScriptedChatRequest } from 'faultline/testing';

/**
 * What the model writes: markup a report that printed it raw would turn into a bold element, a
 * script and an image whose error handler runs. Shown as text, it does none of that.
 */
export const MARKUP_MESSAGE =
  '<b>bold</b><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> the rename is done';

/** The LLM team's id. */
export const MODEL_TEAM = 'markup-llm';

/** The envs, teams and profile of the run. */
export const MIXED_RUN = {
  envs: ['filesystem/rename-symbol-v1', 'deploy/rollout-v2'],
  teams: ['oracle', 'brittle', 'lossy-handoff', 'random', MODEL_TEAM],
  seeds: [0, 1],
  trials: 2,
  perturb: 'production',
} as const;

/** The variable the LLM team reads its (fake) key from: set for the run only. */
const KEY_VAR = 'FAULTLINE_BROWSER_TEST_KEY';

/** The run directory and report of {@link makeMixedReport}. */
export interface MixedReport extends EvaluateResult {
  readonly dir: string;
  readonly reportPath: string;
  /** Chat-completions requests the scripted server answered. */
  readonly modelRequests: number;
}

/** Whether the model has answered in this conversation before (its first answer is the text). */
function answeredBefore(request: ScriptedChatRequest): boolean {
  return request.body.messages.some(
    (m) => typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'assistant',
  );
}

/** Runs {@link MIXED_RUN} into `root/run` and writes its report there. */
export async function makeMixedReport(root: string): Promise<MixedReport> {
  const server = await startScriptedModelServer({
    respond: (request) =>
      answeredBefore(request)
        ? toolCallsReply([{ name: 'finish', arguments: { status: 'done', answer: MARKUP_MESSAGE } }])
        : textReply(MARKUP_MESSAGE),
  });
  registerTeam(
    llmTeam({
      id: MODEL_TEAM,
      description: 'test team: a scripted model whose text is markup',
      defaults: { model: 'scripted-markup', provider: { baseUrl: server.url, apiKeyEnv: KEY_VAR } },
      gateway: createModelGateway({ retryBaseMs: 5 }),
    }),
  );
  process.env[KEY_VAR] = 'sk-fake-browser-test';
  const dir = join(root, 'run');
  try {
    // One worker: the LLM team is registered in this process only.
    const result = await evaluate({ ...MIXED_RUN, out: dir, workers: 1 });
    return { ...result, dir, reportPath: writeReport(dir), modelRequests: server.requests.length };
  } finally {
    delete process.env[KEY_VAR];
    await server.close();
  }
}
