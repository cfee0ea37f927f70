/**
 * The setup module of mixed teams: a run lists `{ url: MIXED_TEAM_SETUP, options }` among its
 * setup modules, and the main thread and every worker import it and call `setup(options)`, which
 * registers the teams with this thread's MCP HTTP server (started on the first episode with a
 * remote role, stopped when the thread has none left) and, for llm roles, a model gateway. The
 * options are plain JSON and never hold an API key, only the name of the variable that does.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { gatewayFor } from '../../llm/setup.js';
import type { LlmGatewayConfig } from '../../llm/team-config.js';
import { registerTeam } from '../../team/agent.js';
import { SharedService } from '../command-team/shared-service.js';
import { REMOTE_CLIENTS, type RemoteClientFactories } from '../remote/clients.js';
import type { MixedTeamConfig } from './config.js';
import { mixedTeam } from './team.js';

/** The options of the mixed team setup module, plain JSON. */
export interface MixedTeamSetupOptions {
  readonly teams: readonly MixedTeamConfig[];
  /** How the llm roles' gateway is built (cassette, retries, timeout); needed when a team has an llm role. */
  readonly gateway?: LlmGatewayConfig;
}

/** This thread's MCP HTTP server, shared by every mixed team registered here. */
// Imported when a thread first starts it: the MCP SDK and an HTTP stack are most of faultline's
// start-up, which a run without mixed teams (and every worker thread of it) would otherwise pay.
const servers = new SharedService(async () =>
  (await import('../command-team/episode-server.js')).startCommandEpisodeServer(),
);

let clientFactories: RemoteClientFactories = REMOTE_CLIENTS;

/**
 * Installs the protocol clients this thread's mixed teams use from their next episode on (`null`:
 * the built-in ones). A module loaded with `--import` may call it in every worker (tests do).
 */
export function setRemoteClientFactories(factories: RemoteClientFactories | null): void {
  clientFactories = factories ?? REMOTE_CLIENTS;
}

/** The clients, looked up per episode: an `--import` module loads after the setup modules. */
const clients: RemoteClientFactories = {
  a2a: (url, options) => clientFactories.a2a(url, options),
  'agent-protocol': (url, options) => clientFactories['agent-protocol'](url, options),
};

export { MIXED_TEAM_SETUP } from './setup-url.js';

/** Registers every team of `options` (the run's setup hook). */
export function setup(options: MixedTeamSetupOptions): void {
  if (options === null || typeof options !== 'object' || !Array.isArray(options.teams))
    throw new InvalidArgumentError(
      'setup(options) of the mixed team setup module',
      options,
      'an object { teams: [...], gateway? }',
      'build the options with mixedSetupFrom() from src/cli/mixed-options.ts',
    );
  const teams = options.teams as readonly MixedTeamConfig[];
  const needsGateway = teams.some((t) => t.llm !== undefined);
  const gateway = needsGateway ? gatewayFor(options.gateway ?? { cassette: null }) : undefined;
  for (const config of teams)
    registerTeam(
      mixedTeam(config, {
        servers,
        ...(gateway ? { gateway } : {}),
        clients,
      }),
    );
}
