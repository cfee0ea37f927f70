/**
 * `faultline/ai-sdk`: teams built with the Vercel AI SDK (`ai@6`, an optional peer dependency
 * with `@ai-sdk/provider@3`), evaluated unchanged. {@link aiSdkTeam} gives each role of the task
 * its own `generateText` tool loop on any AI SDK language model; the env's tools of the role and
 * its team actions are the loop's tools, a `handoff` call is an env handoff (its arguments are
 * what the handoff audit checks), and every model call is recorded with the step it led to —
 * priced when the team or the role gives `prices`. Per role: `system`, `temperature`,
 * `maxOutputTokens`, `providerOptions` and the role's own AI SDK `tools`.
 *
 * Importing this entry registers the built-in envs and reference teams (idempotent).
 *
 * @example
 * ```ts
 * import { runEpisode } from 'faultline';
 * import { aiSdkTeam } from 'faultline/ai-sdk';
 * import { openai } from '@ai-sdk/openai';
 * const team = aiSdkTeam({ id: 'gpt', roles: { planner: { model: openai('gpt-5-mini') }, executor: { model: openai('gpt-5-mini') }, reviewer: { model: openai('gpt-5-mini') } } });
 * const result = await team.play!({ env: 'filesystem/rename-symbol-v1', team, seed: 0, perturb: 'production' });
 * ```
 */
import { loadBuiltins } from '../builtins.js';

export * from '../adapters/ai-sdk/index.js';

loadBuiltins();
