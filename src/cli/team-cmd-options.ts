/**
 * The `run` command's flags for teams of agent programs (`--team-cmd`, `--team-cmd-id`,
 * `--team-cmd-timeout`, `--team-cmd-max-output`, `--model-proxy`), the team files that describe
 * such teams, and the setup entry they turn into: the command team setup module's URL with
 * plain-JSON options, which the run hands to its main thread and every worker. Everything is
 * checked here, before any episode starts.
 */
import type { Command } from 'commander';
import { cassetteFrom } from './cassette-option.js';
import { REFERENCE_TEAMS } from '../../agents/index.js';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL } from '../llm/team-config.js';
import type { CassetteMode } from '../llm/types.js';
import { planCommandTeam, type CommandTeamConfig } from '../serve/command-team/config.js';
import type { CommandTeamSetupOptions, ModelProxySettings } from '../serve/command-team/setup.js';
import { COMMAND_TEAM_SETUP } from '../serve/command-team/setup-url.js';
import { assertPlaceholders } from '../serve/command-team/placeholders.js';
import { shellWords } from '../serve/command-team/shell-words.js';
import { commandTeamConfigOf, isCommandTeamData, readTeamData } from '../serve/command-team/team-file.js';
import { isMixedTeamData } from '../serve/mixed-team/team-file.js';
import { BUILTIN_LLM_TEAM, wholeNumber } from './llm-options.js';

/** The id of the `--team-cmd` team unless `--team-cmd-id` names another. */
export const DEFAULT_TEAM_CMD_ID = 'cmd';

/** The flags as commander parses them (with the LLM flags the model proxy reuses). */
export interface TeamCmdCliOptions {
  readonly teamCmd?: string;
  readonly teamCmdId?: string;
  readonly teamCmdTimeout?: number;
  readonly teamCmdMaxOutput?: number;
  readonly modelProxy?: boolean;
  readonly teamFile?: readonly string[];
  readonly baseUrl?: string;
  readonly llmCache?: string;
  readonly llmCacheMode?: CassetteMode;
  readonly maxRetries?: number;
  readonly requestTimeout?: number;
}

/** A run's command teams: the setup entry (null: none), their ids, and the team files left for LLM and mixed teams. */
export interface TeamCmdRunSetup {
  readonly setupEntry: { readonly url: string; readonly options: CommandTeamSetupOptions } | null;
  readonly teamIds: readonly string[];
  readonly llmTeamFiles: readonly string[];
  /** Team files of mixed teams (roles with a `kind`), for `mixedSetupFrom`. */
  readonly mixedTeamFiles: readonly string[];
  /** Whether the model proxy takes `--base-url` (so it is not a stray LLM flag). */
  readonly proxyUsesBaseUrl: boolean;
}

function megabytes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1_000_000)
    throw new InvalidArgumentError(
      '--team-cmd-max-output',
      value,
      'a number of megabytes > 0 (stdout and stderr of one program together)',
      'pass e.g. --team-cmd-max-output 10',
    );
  return n;
}

/** Adds the command team flags to a command (the `run` command). */
export function addTeamCmdOptions(command: Command): Command {
  return command
    .option(
      '--team-cmd <command>',
      'an agent program as a team, started once per episode: e.g. "my-agent --mcp {mcp_url} --prompt {prompt_file}" (also {role}, {episode_id}, {model_base_url}); run without a shell',
    )
    .option('--team-cmd-id <id>', `the team id of --team-cmd (default ${DEFAULT_TEAM_CMD_ID})`)
    .option(
      '--team-cmd-timeout <seconds>',
      'wall-clock limit of one episode of an agent program; it is then killed and the episode is a timeout (default 600)',
      wholeNumber('--team-cmd-timeout', 1, 2_147_483, 600),
    )
    .option(
      '--team-cmd-max-output <MB>',
      'most output (stdout + stderr) of one agent program before it is killed (default 10)',
      megabytes,
    )
    .option(
      '--model-proxy',
      'give agent programs OPENAI_BASE_URL of a local proxy that forwards to the provider of --base-url / $OPENAI_BASE_URL (key from $OPENAI_API_KEY, cassettes with --llm-cache) and records turns and tokens',
    );
}

/**
 * Checks the command team flags and team files and builds the run's setup entry. `--team-file`
 * files that describe command teams are taken here; the others are left for the LLM flags.
 * `env` is where `OPENAI_BASE_URL` and the API key are looked up (only to check they are there).
 */
export function teamCmdSetupFrom(opts: TeamCmdCliOptions, env: NodeJS.ProcessEnv = process.env): TeamCmdRunSetup {
  const teams: CommandTeamConfig[] = [];
  const llmTeamFiles: string[] = [];
  const mixedTeamFiles: string[] = [];
  const proxyFlag = opts.modelProxy === true;
  const limits = {
    ...(opts.teamCmdTimeout !== undefined ? { timeoutMs: opts.teamCmdTimeout * 1000 } : {}),
    ...(opts.teamCmdMaxOutput !== undefined ? { maxOutputBytes: Math.round(opts.teamCmdMaxOutput * 1024 * 1024) } : {}),
  };
  if (opts.teamCmd !== undefined) {
    const config: CommandTeamConfig = {
      id: opts.teamCmdId ?? DEFAULT_TEAM_CMD_ID,
      command: opts.teamCmd,
      modelProxy: proxyFlag,
      ...limits,
    };
    // Checked under the flag's own name first, so the message names what the user typed.
    assertPlaceholders(shellWords(opts.teamCmd, '--team-cmd'), '--team-cmd', proxyFlag);
    planCommandTeam(config, '--team-cmd');
    teams.push(config);
  } else if (opts.teamCmdId !== undefined)
    throw new InvalidArgumentError('--team-cmd-id', opts.teamCmdId, 'a run with --team-cmd', 'add --team-cmd "CMD"');
  for (const file of opts.teamFile ?? []) {
    const raw = readTeamData(file);
    // Before command teams: a mixed team's `cmd` role would look like one.
    if (isMixedTeamData(raw)) {
      mixedTeamFiles.push(file);
      continue;
    }
    if (!isCommandTeamData(raw)) {
      llmTeamFiles.push(file);
      continue;
    }
    const config = commandTeamConfigOf(raw, file, proxyFlag);
    teams.push({ ...limits, ...config });
  }
  for (const team of teams) {
    const reference = REFERENCE_TEAMS.find((t) => t.id.toLowerCase() === team.id.toLowerCase());
    if (reference !== undefined || team.id === BUILTIN_LLM_TEAM)
      throw new InvalidArgumentError(
        'command team id',
        team.id,
        `an id that is not a built-in team's ("${reference?.id ?? BUILTIN_LLM_TEAM}" is one)`,
        'name it with --team-cmd-id ID (or id: in the team file)',
      );
    if (teams.filter((t) => t.id === team.id).length > 1)
      throw new InvalidArgumentError(
        'command team id',
        team.id,
        'an id no other team of the run has',
        'give each command team its own id (--team-cmd-id, or id: in its team file)',
      );
  }
  if (teams.length === 0) {
    for (const [flag, value] of [
      ['--model-proxy', opts.modelProxy],
      ['--team-cmd-timeout', opts.teamCmdTimeout],
      ['--team-cmd-max-output', opts.teamCmdMaxOutput],
    ] as const)
      if (value !== undefined)
        throw new InvalidArgumentError(
          flag,
          value,
          'a run with an agent program team',
          'add --team-cmd "CMD" (or a --team-file with a command)',
        );
    return { setupEntry: null, teamIds: [], llmTeamFiles, mixedTeamFiles, proxyUsesBaseUrl: false };
  }
  const needsProxy = teams.some((t) => t.modelProxy === true);
  const proxy = needsProxy ? proxySettings(opts, env) : undefined;
  return {
    setupEntry: { url: COMMAND_TEAM_SETUP, options: { teams, ...(proxy ? { proxy } : {}) } },
    teamIds: teams.map((t) => t.id),
    llmTeamFiles,
    mixedTeamFiles,
    proxyUsesBaseUrl: needsProxy,
  };
}

/** Where the proxy forwards to, checked: a key, or an explicit (local) base URL, or a replay. */
function proxySettings(opts: TeamCmdCliOptions, env: NodeJS.ProcessEnv): ModelProxySettings {
  const explicit = opts.baseUrl ?? nonEmpty(env['OPENAI_BASE_URL']);
  const mode: CassetteMode = opts.llmCacheMode ?? (opts.llmCache !== undefined ? 'auto' : 'off');
  if (mode !== 'replay' && explicit === undefined && nonEmpty(env[DEFAULT_API_KEY_ENV]) === undefined)
    throw new FaultlineError(
      `--model-proxy forwards to ${DEFAULT_BASE_URL}, but $${DEFAULT_API_KEY_ENV} is not set: no API key. Fix: export ${DEFAULT_API_KEY_ENV}=<your key>, or point --base-url / OPENAI_BASE_URL at a local OpenAI-compatible server, which needs no key.`,
    );
  return {
    provider: { baseUrl: explicit ?? DEFAULT_BASE_URL, apiKeyEnv: DEFAULT_API_KEY_ENV },
    gateway: {
      cassette: cassetteFrom(opts),
      ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      ...(opts.requestTimeout !== undefined ? { requestTimeoutMs: opts.requestTimeout } : {}),
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The LLM flags left for LLM teams once command teams have taken theirs: the team files that
 * are not command teams, and `--base-url` unless only the model proxy uses it.
 */
export function llmFlagsLeft<T extends TeamCmdCliOptions & { readonly team?: readonly string[] }>(
  opts: T,
  cmd: TeamCmdRunSetup,
): T {
  const { baseUrl, ...rest } = opts;
  const llmWantsBaseUrl = (opts.team ?? []).includes(BUILTIN_LLM_TEAM) || cmd.llmTeamFiles.length > 0;
  // Mixed teams' llm roles take --base-url too.
  const keepBaseUrl =
    baseUrl !== undefined && (llmWantsBaseUrl || (!cmd.proxyUsesBaseUrl && cmd.mixedTeamFiles.length === 0));
  return { ...rest, ...(keepBaseUrl ? { baseUrl } : {}), teamFile: cmd.llmTeamFiles } as T;
}
