/**
 * The setup module of LLM teams: a run lists `{ url: LLM_SETUP, options }` among its setup
 * modules, and the main thread and every worker import it and call `setup(options)`, which builds
 * one model gateway for the thread and registers the teams. The options are plain JSON (they are
 * posted to worker threads) and never hold an API key, only the names of the variables that do.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { registerTeam, type Team } from '../team/agent.js';
import type { LlmGatewayConfig, LlmSetupOptions } from './team-config.js';
import { llmTeam } from './team.js';
import type { ModelGateway } from './types.js';
import { createModelGateway } from './gateway/gateway.js';

export type { LlmSetupOptions, LlmTeamConfig, LlmGatewayConfig } from './team-config.js';

/** Builds the model gateway of a thread from the run's gateway settings. */
export type GatewayFactory = (config: LlmGatewayConfig) => ModelGateway;

/** The built-in gateway: the `openai` client, retries, cassettes and the thread's limiter. */
const builtinGateway: GatewayFactory = (config) =>
  createModelGateway({
    ...(config.cassette ? { cassette: config.cassette } : {}),
    ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
    ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
  });

let gatewayFactory: GatewayFactory = builtinGateway;

/**
 * Installs the factory `setup` builds gateways with, in this thread (`null`: the built-in one).
 * Tests use it to put a scripted gateway behind the teams a setup registers.
 */
export function setGatewayFactory(factory: GatewayFactory | null): void {
  gatewayFactory = factory ?? builtinGateway;
}

/** A model gateway for `config`, built as this thread's `setup` builds its own (mixed teams' llm roles use it). */
export function gatewayFor(config: LlmGatewayConfig): ModelGateway {
  return gatewayFactory(config);
}

export { LLM_SETUP } from './setup-url.js';

/** The teams the options describe, all sharing `gateway`. */
export function llmTeams(options: LlmSetupOptions, gateway: ModelGateway): Team[] {
  return options.teams.map((config) =>
    llmTeam({
      ...config,
      gateway,
      ...(options.prices !== undefined ? { priceTable: options.prices } : {}),
    }),
  );
}

/** Builds this thread's gateway and registers every team of `options` (the run's setup hook). */
export function setup(options: LlmSetupOptions): void {
  if (options === null || typeof options !== 'object' || !Array.isArray(options.teams))
    throw new InvalidArgumentError(
      'setup(options) of the LLM setup module',
      options,
      'an object { teams: [...], gateway: { cassette, maxRetries?, requestTimeoutMs? }, prices? }',
      'build the options with llmSetupFrom() from src/cli/llm-options.ts',
    );
  const gateway = gatewayFactory(options.gateway ?? { cassette: null });
  for (const team of llmTeams(options, gateway)) registerTeam(team);
}
