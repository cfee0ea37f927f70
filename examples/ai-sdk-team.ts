// A Vercel AI SDK team (ai@6): one generateText tool loop per role, evaluated on the filesystem
// world under production faults. Offline, each role's model is the SDK's MockLanguageModelV3
// replaying the oracle's tool calls. With a real provider, give each role any AI SDK model:
//
//   npm install ai@6 @ai-sdk/openai@3          (or @ai-sdk/anthropic, @ai-sdk/google, @ai-sdk/openai-compatible@2 …)
//   import { openai } from '@ai-sdk/openai';
//   const model = openai('gpt-5-mini');
//   const team = aiSdkTeam({ id: 'gpt', roles: { planner: { model }, executor: { model }, reviewer: { model } },
//                            prices: { input: 0.25, output: 2, cachedInput: 0.025 } });
import { MockLanguageModelV3 } from 'ai/test';
import { runEpisode, type Action } from 'faultline';
import { aiSdkTeam, type AiSdkRole } from 'faultline/ai-sdk';
import { actionToToolCall } from 'faultline/llm';
import { analyzeEpisode } from 'faultline/metrics';
import { oracleTeam } from 'faultline/teams';

const episode = { env: 'filesystem/rename-symbol-v1', seed: 7, perturb: 'production' };

// The offline models: per role, the oracle's tool calls in order, one per model reply.
const oracle = await runEpisode({ ...episode, team: oracleTeam });
const roles: Record<string, AiSdkRole> = {};
for (const role of new Set(oracle.trajectory.map((s) => s.role))) {
  const calls = oracle.trajectory.filter((s) => s.role === role).map((s) => actionToToolCall(s.action as Action));
  let next = 0;
  const model = new MockLanguageModelV3({
    modelId: `oracle-${role}`,
    doGenerate: () => {
      const call = calls[next++];
      return Promise.resolve({
        content: call
          ? [
              {
                type: 'tool-call',
                toolCallId: `${role}-${next}`,
                toolName: call.name,
                input: JSON.stringify(call.args),
              },
            ]
          : [{ type: 'text', text: 'Done.' }],
        finishReason: { unified: call ? 'tool-calls' : 'stop', raw: undefined },
        usage: {
          inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 10, text: 10, reasoning: 0 },
        },
        warnings: [],
      });
    },
  });
  roles[role] = { model, system: `You are the ${role}. Hand off with every fact your teammate needs.` };
}

// Prices (USD per million tokens) make every model call's cost known; a role may give its own.
const team = aiSdkTeam({ id: 'ai-sdk-example', roles, prices: { input: 0.25, output: 2 } });
const result = await team.play({ ...episode, team });
const metrics = analyzeEpisode(result);
console.log(`${team.id}: ${result.outcome} in ${result.steps} steps, ${result.handoffs} handoffs`);
console.log(`same digest as the oracle: ${result.digest === oracle.digest}`);
console.log(
  `model calls: ${result.usage?.calls} ($${result.usage?.costUsd?.toFixed(4)}), failure modes: ${metrics.verdict.modes.join(', ') || 'none'}`,
);
for (const step of result.trajectory.filter((s) => (s.action as Action).type === 'handoff'))
  console.log(`step ${step.step}: ${step.role} handed off`, JSON.stringify(step.action).slice(0, 100));
