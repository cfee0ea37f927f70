/**
 * An AI SDK team as a user registers it for `faultline run --import`: every role's model is a
 * real provider (`@ai-sdk/openai-compatible`, the OpenAI chat API over HTTP) at the URL in
 * `FAULTLINE_AI_SDK_URL` — in the tests, the scripted model server. Every worker thread of the
 * run imports this module and builds its own models.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { aiSdkTeam } from 'faultline/ai-sdk';
import { registerTeam } from 'faultline/teams';

const baseURL = process.env['FAULTLINE_AI_SDK_URL'];
if (!baseURL) throw new Error('FAULTLINE_AI_SDK_URL is not set: give the base URL of an OpenAI-compatible server');

const provider = createOpenAICompatible({
  name: 'scripted',
  baseURL,
  apiKey: process.env['FAULTLINE_AI_SDK_KEY'] ?? '',
});

registerTeam(
  aiSdkTeam({
    id: 'ai-sdk-cli',
    description: 'A three-role AI SDK team on an OpenAI-compatible provider',
    roles: {
      planner: {
        model: provider.chatModel('scripted-planner'),
        system: 'You plan the change; hand the executor a full brief.',
      },
      executor: { model: provider.chatModel('scripted-executor'), temperature: 0 },
      reviewer: { model: provider.chatModel('scripted-reviewer'), prices: { input: 1, output: 4 } },
    },
    prices: { input: 0.25, output: 2, cachedInput: 0.025 },
  }),
);
