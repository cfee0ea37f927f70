/**
 * The setup module of command teams: a run lists `{ url: COMMAND_TEAM_SETUP, options }` among its
 * setup modules, and the main thread and every worker import it and call `setup(options)`, which
 * registers the teams with this thread's MCP HTTP server and (with `proxy`) model proxy, both
 * started on the first episode and stopped when the thread has none left. The options are plain
 * JSON and never hold an API key, only the name of the variable that does.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { registerTeam } from '../../team/agent.js';
import type { CommandTeamConfig } from './config.js';
import type { EpisodeModelProxy, EpisodeServer, ModelProxySettings } from './episode-server.js';
import { SharedService } from './shared-service.js';
import { commandTeam } from './team.js';

export type { ModelProxySettings } from './episode-server.js';

/** The options of the command team setup module, plain JSON. */
export interface CommandTeamSetupOptions {
  readonly teams: readonly CommandTeamConfig[];
  /** The model proxy the teams with `modelProxy: true` use; absent: none. */
  readonly proxy?: ModelProxySettings;
}

/** Starts this thread's MCP HTTP server (port 0 on 127.0.0.1). */
export type EpisodeServerFactory = () => Promise<EpisodeServer>;
/** Starts this thread's model proxy. */
export type ModelProxyFactory = (settings: ModelProxySettings) => Promise<EpisodeModelProxy>;

/**
 * The built-in MCP HTTP server and model proxy, imported when a thread first starts one: the MCP
 * SDK and an HTTP stack are most of faultline's start-up, which a run of other teams (and every
 * worker thread of it) would otherwise pay.
 */
const startBuiltinServer: EpisodeServerFactory = async () =>
  (await import('./episode-server.js')).startCommandEpisodeServer();
const startBuiltinProxy: ModelProxyFactory = async (settings) =>
  (await import('./episode-server.js')).startCommandModelProxy(settings);

let serverFactory: EpisodeServerFactory = startBuiltinServer;
let proxyFactory: ModelProxyFactory = startBuiltinProxy;

/** Installs how this thread starts its MCP HTTP server (`null`: the built-in one). */
export function setEpisodeServerFactory(factory: EpisodeServerFactory | null): void {
  serverFactory = factory ?? startBuiltinServer;
}

/** Installs how this thread starts its model proxy (`null`: the built-in one). */
export function setModelProxyFactory(factory: ModelProxyFactory | null): void {
  proxyFactory = factory ?? startBuiltinProxy;
}

/** This thread's MCP HTTP server, shared by every command team registered here. */
const servers = new SharedService(() => serverFactory());

export { COMMAND_TEAM_SETUP } from './setup-url.js';

/** Registers every team of `options` (the run's setup hook). */
export function setup(options: CommandTeamSetupOptions): void {
  if (options === null || typeof options !== 'object' || !Array.isArray(options.teams))
    throw new InvalidArgumentError(
      'setup(options) of the command team setup module',
      options,
      'an object { teams: [...], proxy? }',
      'build the options with teamCmdSetupFrom() from src/cli/team-cmd-options.ts',
    );
  const settings = options.proxy;
  const modelProxy = settings ? new SharedService(() => proxyFactory(settings)) : undefined;
  for (const config of options.teams as readonly CommandTeamConfig[])
    registerTeam(commandTeam(config, { servers, ...(modelProxy ? { modelProxy } : {}) }));
}
