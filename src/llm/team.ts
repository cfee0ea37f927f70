/**
 * The LLM team: one {@link LlmAgent} per role, each its own conversation with its model, every
 * call through one {@link ModelGateway}. Role settings are the team's defaults with the role's
 * overrides on top; the episode's call ordinal is shared by its roles and survives restarts.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertSafeId } from '../core/safe-id.js';
import { episodeId } from '../run/episode-id.js';
import type { Agent, Team } from '../team/agent.js';
import { ordinalCounters } from './agent/call-ordinal.js';
import { LlmAgent } from './agent/llm-agent.js';
import type { ModelGateway, Prices, ProviderSettings, RoleModelSettings } from './types.js';

/** What one role changes from the team's defaults (its `instructions` are appended to the defaults', both apply). */
export type RoleOverrides = Partial<Omit<RoleModelSettings, 'provider'>> & {
  readonly provider?: Partial<ProviderSettings>;
};

/** Options of {@link llmTeam}. */
export interface LlmTeamOptions {
  /** The team's id (a safe id: it names files). @defaultValue 'llm' */
  readonly id?: string;
  readonly description?: string;
  /** The settings of every role. */
  readonly defaults: RoleModelSettings;
  /** Per-role changes, keyed by role id (roles the env does not have are ignored). */
  readonly roles?: Readonly<Record<string, RoleOverrides>>;
  /** Where every model call goes. */
  readonly gateway: ModelGateway;
  /** Text-only replies in a row before the last is taken as an action (no progress). @defaultValue 3 */
  readonly maxTextReplies?: number;
  /** Tokens (≈ characters / 4) each conversation is kept within by eliding old tool results. @defaultValue no limit */
  readonly contextBudget?: number;
  /** Prices by model name, for roles whose settings give none (`--prices`). */
  readonly priceTable?: Readonly<Record<string, Prices>>;
}

/** The default number of text-only replies in a row before one is taken as an action. */
export const DEFAULT_MAX_TEXT_REPLIES = 3;

/** The settings of one role: the defaults, the role's overrides on top, prices from the table last. */
export function roleSettings(
  defaults: RoleModelSettings,
  overrides: RoleOverrides | undefined,
  priceTable?: Readonly<Record<string, Prices>>,
): RoleModelSettings {
  const o = overrides ?? {};
  const instructions = [defaults.instructions, o.instructions].filter((s) => s !== undefined && s.trim() !== '');
  const merged: RoleModelSettings = {
    ...defaults,
    ...withoutUndefined({
      model: o.model,
      temperature: o.temperature,
      maxTokens: o.maxTokens,
      topP: o.topP,
      seed: o.seed,
      prices: o.prices,
    }),
    provider: { ...defaults.provider, ...withoutUndefined(o.provider ?? {}) },
    ...(instructions.length > 0 ? { instructions: instructions.join('\n\n') } : {}),
  };
  const price =
    merged.prices ?? (priceTable && Object.hasOwn(priceTable, merged.model) ? priceTable[merged.model] : undefined);
  return price ? { ...merged, prices: price } : merged;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A team of LLM agents. Not privileged: each role sees only what the env shows it.
 * @example
 * ```ts
 * registerTeam(llmTeam({ defaults: { model: 'gpt-4o-mini', provider: { baseUrl, apiKeyEnv: 'OPENAI_API_KEY' } }, gateway }));
 * ```
 */
export function llmTeam(options: LlmTeamOptions): Team {
  const id = options.id ?? 'llm';
  assertSafeId('llmTeam({ id })', id);
  const maxTextReplies = options.maxTextReplies ?? DEFAULT_MAX_TEXT_REPLIES;
  if (!Number.isInteger(maxTextReplies) || maxTextReplies < 1)
    throw new InvalidArgumentError('llmTeam({ maxTextReplies })', maxTextReplies, 'an integer >= 1', 'pass 3');
  const budget = options.contextBudget;
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 1))
    throw new InvalidArgumentError(
      'llmTeam({ contextBudget })',
      budget,
      'a number of tokens, an integer >= 1',
      'pass e.g. 32000, or leave it out for no limit',
    );
  if (typeof options.defaults?.model !== 'string' || options.defaults.model === '')
    throw new InvalidArgumentError(
      'llmTeam({ defaults.model })',
      options.defaults?.model,
      'a model name',
      "pass the model every role uses, e.g. 'gpt-4o-mini'",
    );
  const counterOf = ordinalCounters();
  return {
    id,
    description:
      options.description ??
      `LLM agents (${options.defaults.model}), one conversation per role, acting through tool calls.`,
    createAgents(start) {
      const episode = episodeId({
        envId: start.envId,
        team: id,
        seed: start.seed,
        trial: start.trial,
        variant: start.variant,
        // A sized world is another episode: its answers never share a cassette with the default's.
        ...(start.worldSize !== undefined ? { worldSize: start.worldSize } : {}),
      });
      const nextOrdinal = counterOf(start);
      const agents: Record<string, Agent> = {};
      for (const role of start.roles) {
        const overrides = options.roles && Object.hasOwn(options.roles, role.id) ? options.roles[role.id] : undefined;
        agents[role.id] = new LlmAgent({
          role,
          start,
          episodeId: episode,
          settings: roleSettings(options.defaults, overrides, options.priceTable),
          gateway: options.gateway,
          nextOrdinal,
          maxTextReplies,
          ...(budget !== undefined ? { contextBudget: budget } : {}),
        });
      }
      return agents;
    },
  };
}
