/**
 * The `run` command's flags for LLM teams (`--model`, `--team-file`, `--llm-cache` …) and the
 * setup entry they turn into: the LLM setup module's URL with plain-JSON options, which the run
 * hands to its main thread and every worker. Everything is checked here, before any episode
 * starts: a missing model, a bad team file, no API key for a remote provider.
 */
import { Option, type Command } from 'commander';
import { cassetteFrom } from './cassette-option.js';
import { REFERENCE_TEAMS } from '../../agents/index.js';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL, type LlmSetupOptions, type LlmTeamConfig } from '../llm/team-config.js';
import { loadPriceTable, loadTeamFile, teamFileConfig } from '../llm/team-file.js';
import { LLM_SETUP } from '../llm/setup-url.js';
import type { CassetteMode } from '../llm/types.js';

/** The LLM flags as commander parses them. */
export interface LlmCliOptions {
  readonly model?: string;
  readonly baseUrl?: string;
  readonly teamFile?: readonly string[];
  readonly llmCache?: string;
  readonly llmCacheMode?: CassetteMode;
  readonly prices?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly maxTextReplies?: number;
  readonly contextBudget?: number;
  readonly requestTimeout?: number;
  readonly maxRetries?: number;
}

/** A run's LLM setup: the setup module entry to load (null: no LLM team) and the run's team ids. */
export interface LlmRunSetup {
  readonly setupEntry: { readonly url: string; readonly options: LlmSetupOptions } | null;
  readonly teamIds: string[];
}

/** The id of the built-in LLM team. */
export const BUILTIN_LLM_TEAM = 'llm';

const CASSETTE_MODES: readonly CassetteMode[] = ['record', 'replay', 'auto', 'off'];

/** A commander parser for a whole-number flag in `min..max`, or a clear error naming the flag. */
export function wholeNumber(flag: string, min: number, max: number, example: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        flag,
        value,
        `a whole number from ${min} to ${max}`,
        `pass e.g. ${flag} ${example}`,
      );
    return n;
  };
}

function temperature(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 2)
    throw new InvalidArgumentError('--temperature', value, 'a number from 0 to 2', 'pass e.g. --temperature 0');
  return n;
}

function baseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InvalidArgumentError(
      '--base-url',
      value,
      'the http(s) URL of an OpenAI-compatible API',
      'pass e.g. --base-url http://127.0.0.1:11434/v1',
    );
  return value;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

/** Adds the LLM flags to a command (the `run` command). */
export function addLlmOptions(command: Command): Command {
  return command
    .option('--model <name>', 'the model of the built-in llm team (--team llm), e.g. gpt-4o-mini')
    .option(
      '--base-url <url>',
      'OpenAI-compatible API of the llm team (default: $OPENAI_BASE_URL, else the OpenAI API); the key comes from $OPENAI_API_KEY',
      baseUrl,
    )
    .option(
      '--team-file <file>',
      'a team described in JSON or YAML: an LLM team (id, model settings per role), agent programs (command), or a mixed team (roles with a kind: oracle, team, llm, a2a, agent-protocol, cmd); repeat or comma-separate for several; its id joins --team',
      collect,
    )
    .option('--llm-cache <dir>', 'record model answers here, or replay them (see --llm-cache-mode)')
    .addOption(
      new Option(
        '--llm-cache-mode <mode>',
        'record, replay (offline), auto (replay what is there, record the rest) or off',
      )
        .choices(CASSETTE_MODES)
        .default(undefined, 'auto with --llm-cache'),
    )
    .option(
      '--prices <file>',
      'JSON {"<model>": {"input", "output", "cachedInput"?}} in USD per million tokens, for cost',
    )
    .option('--temperature <t>', 'sampling temperature of the llm team (0..2)', temperature)
    .option(
      '--max-tokens <n>',
      'completion token limit per call of the llm team',
      wholeNumber('--max-tokens', 1, 10_000_000, 1024),
    )
    .option(
      '--max-text-replies <n>',
      'text-only replies in a row before one counts as a step with no progress (default 3)',
      wholeNumber('--max-text-replies', 1, 20, 3),
    )
    .option(
      '--context-budget <tokens>',
      'keep each conversation within this many tokens (≈ characters / 4) by eliding old tool results',
      wholeNumber('--context-budget', 1000, 100_000_000, 32000),
    )
    .option(
      '--request-timeout <ms>',
      'wall-clock limit of one model request',
      wholeNumber('--request-timeout', 1, 2_147_483_647, 120000),
    )
    .option(
      '--max-retries <n>',
      'retries of a model call that failed (429, 5xx, timeout, dropped connection)',
      wholeNumber('--max-retries', 0, 100, 6),
    );
}

/**
 * Checks the LLM flags and builds the run's setup entry. `teamIds` are the `--team` ids; each
 * team file's id joins them. `env` is where `OPENAI_BASE_URL` and the API keys are looked up
 * (only to check they are there: no key ever enters the options).
 */
export function llmSetupFrom(
  opts: LlmCliOptions,
  teamIds: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): LlmRunSetup {
  const ids = [...teamIds];
  const wantsBuiltin = ids.includes(BUILTIN_LLM_TEAM);
  const files = opts.teamFile ?? [];
  if (opts.llmCacheMode !== undefined && opts.llmCacheMode !== 'off' && opts.llmCache === undefined)
    throw new InvalidArgumentError(
      '--llm-cache-mode',
      opts.llmCacheMode,
      'a cassette directory given with --llm-cache',
      'add --llm-cache DIR',
    );
  if (!wantsBuiltin && files.length === 0) {
    const stray = (['model', 'baseUrl', 'temperature', 'maxTokens'] as const).find((k) => opts[k] !== undefined);
    if (stray !== undefined)
      throw new InvalidArgumentError(
        `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        opts[stray],
        'a run of the built-in llm team',
        'add --team llm (or describe your team in a --team-file)',
      );
    return { setupEntry: null, teamIds: ids };
  }
  const explicitBase = opts.baseUrl ?? nonEmpty(env['OPENAI_BASE_URL']);
  const baseUrl = explicitBase ?? DEFAULT_BASE_URL;
  const teams: LlmTeamConfig[] = [];
  const uses: ProviderUse[] = [];
  if (wantsBuiltin) {
    if (opts.model === undefined || opts.model.trim() === '')
      throw new InvalidArgumentError(
        '--model',
        opts.model,
        'the model every role of the llm team uses',
        'pass e.g. --team llm --model gpt-4o-mini (for a local server also --base-url http://127.0.0.1:11434/v1)',
      );
    teams.push({
      id: BUILTIN_LLM_TEAM,
      defaults: {
        model: opts.model,
        provider: { baseUrl, apiKeyEnv: DEFAULT_API_KEY_ENV },
        ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
        ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
      },
      ...limits(opts),
    });
    uses.push(...providerUses(teams[0] as LlmTeamConfig, explicitBase !== undefined));
  }
  for (const file of files) {
    const parsed = loadTeamFile(file);
    const config = teamFileConfig(parsed, baseUrl);
    const reference = REFERENCE_TEAMS.find((t) => t.id.toLowerCase() === config.id.toLowerCase());
    if (reference !== undefined)
      throw new InvalidArgumentError(
        `--team-file ${file}`,
        config.id,
        `an id that is not a reference team's ("${reference.id}" is one; the file would replace it)`,
        `rename the team in the file, e.g. "id": "${config.id}-llm"`,
      );
    const clash = teams.find((t) => t.id === config.id);
    if (clash !== undefined)
      throw new InvalidArgumentError(
        `--team-file ${file}`,
        config.id,
        `an id no other team of the run has (${clash.id === BUILTIN_LLM_TEAM && wantsBuiltin ? 'the built-in llm team has it' : 'another team file has it'})`,
        'give each team file its own id',
      );
    teams.push({ ...limits(opts), ...config });
    uses.push(...providerUses(config, explicitBase !== undefined || parsed.defaults.baseUrl !== undefined));
    if (!ids.includes(config.id)) ids.push(config.id);
  }
  const mode: CassetteMode = opts.llmCacheMode ?? (opts.llmCache !== undefined ? 'auto' : 'off');
  // A replay is offline: it needs no key.
  if (mode !== 'replay') assertProvidersReady(uses, env);
  const options: LlmSetupOptions = {
    teams,
    gateway: {
      cassette: cassetteFrom(opts),
      ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      ...(opts.requestTimeout !== undefined ? { requestTimeoutMs: opts.requestTimeout } : {}),
    },
    ...(opts.prices !== undefined ? { prices: loadPriceTable(opts.prices) } : {}),
  };
  return { setupEntry: { url: LLM_SETUP, options }, teamIds: ids };
}

function limits(opts: LlmCliOptions): Pick<LlmTeamConfig, 'maxTextReplies' | 'contextBudget'> {
  return {
    ...(opts.maxTextReplies !== undefined ? { maxTextReplies: opts.maxTextReplies } : {}),
    ...(opts.contextBudget !== undefined ? { contextBudget: opts.contextBudget } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A provider a team calls, and whether its base URL was given (a local server needs no key). */
export interface ProviderUse {
  readonly team: string;
  readonly baseUrl: string;
  readonly apiKeyEnv: string;
  readonly explicit: boolean;
}

/** The providers a team calls: its defaults' and each role's. */
export function providerUses(team: LlmTeamConfig, explicitDefault: boolean): ProviderUse[] {
  const base = team.defaults.provider;
  return [
    { team: team.id, ...base, explicit: explicitDefault },
    ...Object.values(team.roles ?? {}).map((r) => ({
      team: team.id,
      baseUrl: r.provider?.baseUrl ?? base.baseUrl,
      apiKeyEnv: r.provider?.apiKeyEnv ?? base.apiKeyEnv,
      explicit: r.provider?.baseUrl !== undefined || explicitDefault,
    })),
  ];
}

/**
 * Every provider has a key, or an explicit base URL (a local server needs none). The gateway
 * checks the same before a call; checking here fails the run before any episode starts.
 */
export function assertProvidersReady(uses: readonly ProviderUse[], env: NodeJS.ProcessEnv): void {
  for (const p of uses) {
    if (nonEmpty(env[p.apiKeyEnv]) !== undefined || p.explicit) continue;
    throw new FaultlineError(
      `Team ${p.team} calls ${p.baseUrl}, but $${p.apiKeyEnv} is not set: no API key. Fix: export ${p.apiKeyEnv}=<your key> (or name another variable with apiKeyEnv in the team file), or point --base-url / OPENAI_BASE_URL at a local OpenAI-compatible server (Ollama, vLLM), which needs no key.`,
    );
  }
}
