/**
 * Team files of mixed teams (`--team-file mixed.yaml`, roles with a `kind`) and the setup entry
 * they turn into: the mixed team setup module's URL with plain-JSON options, which the run hands
 * to its main thread and every worker. Checked here, before any episode starts: the files, the
 * team ids, and that the llm roles' providers have a key (or a local base URL).
 */
import { cassetteFrom } from './cassette-option.js';
import { REFERENCE_TEAMS } from '../../agents/index.js';
import { InvalidArgumentError } from '../core/errors.js';
import { DEFAULT_BASE_URL } from '../llm/team-config.js';
import type { CassetteMode } from '../llm/types.js';
import { readTeamData } from '../serve/command-team/team-file.js';
import type { MixedTeamConfig } from '../serve/mixed-team/config.js';
import type { MixedTeamSetupOptions } from '../serve/mixed-team/setup.js';
import { MIXED_TEAM_SETUP } from '../serve/mixed-team/setup-url.js';
import { mixedTeamConfigOf, mixedTeamFileOf } from '../serve/mixed-team/team-file.js';
import { assertProvidersReady, BUILTIN_LLM_TEAM, providerUses, type LlmCliOptions } from './llm-options.js';

/** A run's mixed teams: the setup entry (null: none), their ids, and whether one has an llm role. */
export interface MixedRunSetup {
  readonly setupEntry: { readonly url: string; readonly options: MixedTeamSetupOptions } | null;
  readonly teamIds: readonly string[];
  readonly hasLlmRoles: boolean;
}

/**
 * Validates the mixed team files and builds the run's setup entry. `opts` gives the base URL of
 * llm roles that name none and the gateway settings (cassette, retries, timeout); `env` is where
 * `OPENAI_BASE_URL` and the API keys are looked up (only to check they are there).
 */
export function mixedSetupFrom(
  files: readonly string[],
  opts: Pick<LlmCliOptions, 'baseUrl' | 'llmCache' | 'llmCacheMode' | 'maxRetries' | 'requestTimeout'>,
  env: NodeJS.ProcessEnv = process.env,
): MixedRunSetup {
  if (files.length === 0) return { setupEntry: null, teamIds: [], hasLlmRoles: false };
  const explicitBase = opts.baseUrl ?? nonEmpty(env['OPENAI_BASE_URL']);
  const teams: MixedTeamConfig[] = [];
  const mode: CassetteMode = opts.llmCacheMode ?? (opts.llmCache !== undefined ? 'auto' : 'off');
  for (const file of files) {
    const parsed = mixedTeamFileOf(readTeamData(file), file);
    const config = mixedTeamConfigOf(parsed, explicitBase ?? DEFAULT_BASE_URL);
    const reference = REFERENCE_TEAMS.find((t) => t.id.toLowerCase() === config.id.toLowerCase());
    if (reference !== undefined || config.id === BUILTIN_LLM_TEAM)
      throw new InvalidArgumentError(
        `--team-file ${file}`,
        config.id,
        `an id that is not a built-in team's ("${reference?.id ?? BUILTIN_LLM_TEAM}" is one; the file would replace it)`,
        `rename the team in the file, e.g. id: ${config.id}-mixed`,
      );
    if (teams.some((t) => t.id === config.id))
      throw new InvalidArgumentError(
        `--team-file ${file}`,
        config.id,
        'an id no other team file of the run has',
        'give each team file its own id',
      );
    // A replay is offline: it needs no key.
    if (config.llm && mode !== 'replay')
      assertProvidersReady(
        providerUses(config.llm, explicitBase !== undefined || parsed.defaults?.baseUrl !== undefined),
        env,
      );
    teams.push(config);
  }
  const hasLlmRoles = teams.some((t) => t.llm !== undefined);
  const options: MixedTeamSetupOptions = {
    teams,
    ...(hasLlmRoles
      ? {
          gateway: {
            cassette: cassetteFrom(opts),
            ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
            ...(opts.requestTimeout !== undefined ? { requestTimeoutMs: opts.requestTimeout } : {}),
          },
        }
      : {}),
  };
  return { setupEntry: { url: MIXED_TEAM_SETUP, options }, teamIds: teams.map((t) => t.id), hasLlmRoles };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
