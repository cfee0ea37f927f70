/**
 * The configuration of an AI SDK team and its checks. What can be checked without an env is
 * checked when the team is built (models, settings, prices, tool names against the team actions
 * every env has); what needs the task — role ids, tool names against the env's own tools — is
 * checked when an episode opens. Both throw an `InvalidArgumentError` naming the field.
 */
import type { LanguageModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { ToolSet } from 'ai';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertSafeId } from '../../core/safe-id.js';
import { TEAM_ACTION_TOOLS } from '../../llm/tool-calls.js';
import type { Prices } from '../../llm/types.js';
import type { RoleBriefing } from '../../team/agent.js';

/** One role of an AI SDK team: its model and what its `generateText` calls are made with. */
export interface AiSdkRole {
  /** Any AI SDK language model (OpenAI, Anthropic, Google, Ollama providers …, or `MockLanguageModelV3`). */
  readonly model: LanguageModelV3;
  /** The role's system prompt. @defaultValue none */
  readonly system?: string;
  /**
   * The role's own AI SDK tools, offered beside the env's. They run locally when the model calls
   * them: they are not env actions (no step, nothing in the digest), and each call is noted in the
   * turn of the role's next step. A name may not be one of the env's tools. @defaultValue none
   */
  readonly tools?: ToolSet;
  /** Passed to `generateText`. @defaultValue the provider's */
  readonly temperature?: number;
  /** Passed to `generateText`: the most tokens one model call may generate. @defaultValue the provider's */
  readonly maxOutputTokens?: number;
  /** Passed to `generateText`, keyed by provider (e.g. `{ openai: { reasoningEffort: 'low' } }`). @defaultValue none */
  readonly providerOptions?: SharedV3ProviderOptions;
  /** USD per million tokens: fills each model call's `costUsd` and the episode's cost. @defaultValue the team's `prices` */
  readonly prices?: Prices;
}

/** An AI SDK team: an id and a model per role of the task. */
export interface AiSdkTeamConfig {
  /** The team id (a safe id: it names the run's files). */
  readonly id: string;
  readonly description?: string;
  /** One entry per role of the task, keyed by role id. */
  readonly roles: Readonly<Record<string, AiSdkRole>>;
  /** Prices of every role whose own `prices` are not given (USD per million tokens). @defaultValue none: costs are unknown (null) */
  readonly prices?: Prices;
  /** Most model calls in one turn of a role (`stopWhen: stepCountIs(n)`). @defaultValue 16 */
  readonly maxStepsPerTurn?: number;
  /** Turns in a row in which the role holding control takes no action before the episode ends as an agent error. @defaultValue 3 */
  readonly maxIdleTurns?: number;
  /**
   * Model answers stored per episode in `dir/<episode id>.jsonl`: `record` calls the models and
   * stores every answer, `replay` answers from the files only (never a model call; a miss is an
   * agent error), `auto` replays what is stored and records the rest. @defaultValue none
   */
  readonly cassette?: { readonly dir: string; readonly mode: 'record' | 'replay' | 'auto' };
}

/** Throws an `InvalidArgumentError` for the first part of `config` that cannot work in any env. */
export function checkConfig(config: AiSdkTeamConfig): void {
  assertSafeId('aiSdkTeam({ id })', config.id);
  const roles = Object.entries(config.roles ?? {});
  if (roles.length === 0)
    throw new InvalidArgumentError('aiSdkTeam({ roles })', config.roles, 'at least one role', 'give each role a model');
  if (config.prices !== undefined) checkPrices('aiSdkTeam({ prices })', config.prices);
  positiveInteger('aiSdkTeam({ maxStepsPerTurn })', config.maxStepsPerTurn);
  positiveInteger('aiSdkTeam({ maxIdleTurns })', config.maxIdleTurns);
  for (const [id, role] of roles) {
    const at = (field: string) => `aiSdkTeam({ roles: { ${id}: { ${field} } } })`;
    const model = (role as Partial<AiSdkRole> | undefined)?.model as Partial<LanguageModelV3> | undefined;
    if (typeof model !== 'object' || model === null || model.specificationVersion !== 'v3')
      throw new InvalidArgumentError(
        at('model'),
        typeof model === 'object' && model !== null
          ? `a model of specification ${String(model.specificationVersion)}`
          : model,
        'an AI SDK language model of specification v3 (ai@6 providers, MockLanguageModelV3)',
        'pass a model object from an ai@6 provider, e.g. openai("gpt-5-mini"); gateway model strings are not supported',
      );
    if (role.system !== undefined && typeof role.system !== 'string')
      throw new InvalidArgumentError(at('system'), role.system, 'a string', 'give the system prompt as text');
    if (role.temperature !== undefined && !(Number.isFinite(role.temperature) && role.temperature >= 0))
      throw new InvalidArgumentError(at('temperature'), role.temperature, 'a finite number >= 0', 'omit it');
    positiveInteger(at('maxOutputTokens'), role.maxOutputTokens);
    if (role.prices !== undefined) checkPrices(at('prices'), role.prices);
    for (const name of Object.keys(role.tools ?? {}))
      if (TEAM_ACTION_TOOLS.has(name))
        throw new InvalidArgumentError(
          at('tools'),
          name,
          `a tool name other than the team actions (${[...TEAM_ACTION_TOOLS].join(', ')})`,
          'rename your tool',
        );
  }
}

/**
 * Throws an `InvalidArgumentError` when `config` does not fit the task whose roles are `briefings`:
 * a role the task does not have (a typo would leave the task's role without a model), or a tool
 * of the user's named like one of the env's tools of that role.
 */
export function checkAgainstTask(config: AiSdkTeamConfig, envId: string, briefings: readonly RoleBriefing[]): void {
  const ids = briefings.map((b) => b.id);
  for (const id of Object.keys(config.roles))
    if (!ids.includes(id))
      throw new InvalidArgumentError(
        `aiSdkTeam({ roles: { ${id} } }) on env "${envId}"`,
        id,
        `one of the task's roles (${ids.join(', ')})`,
        'rename the role to one of the task, or leave it out',
      );
  for (const briefing of briefings) {
    const own = config.roles[briefing.id]?.tools ?? {};
    const clash = briefing.tools.find((t) => Object.hasOwn(own, t.name));
    if (clash)
      throw new InvalidArgumentError(
        `aiSdkTeam({ roles: { ${briefing.id}: { tools } } }) on env "${envId}"`,
        clash.name,
        `a name other than the env's tools of role "${briefing.id}" (${briefing.tools.map((t) => t.name).join(', ')})`,
        'rename your tool',
      );
  }
}

function checkPrices(field: string, prices: Prices): void {
  for (const key of ['input', 'output', 'cachedInput'] as const) {
    const v = (prices as Partial<Prices> | null)?.[key];
    if (v === undefined && key === 'cachedInput') continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new InvalidArgumentError(
        `${field}.${key}`,
        v,
        'a finite number >= 0 (USD per million tokens)',
        'give { input, output } and optionally cachedInput, e.g. { input: 0.25, output: 2 }',
      );
  }
}

function positiveInteger(field: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= 1))
    throw new InvalidArgumentError(field, v, 'an integer >= 1', 'omit it for the default');
}
