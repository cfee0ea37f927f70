/**
 * External agent programs as teams: a command (or one per role) started for every episode with
 * the episode's MCP endpoint and task prompt, and optionally a recording model proxy.
 */
export { commandTeam, PROXY_API_KEY, type CommandTeamServices } from './team.js';
export {
  planCommandTeam,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_END_GRACE_MS,
  type CommandTeamConfig,
  type CommandTeamPlan,
} from './config.js';
export {
  COMMAND_TEAM_SETUP,
  setup,
  setEpisodeServerFactory,
  setModelProxyFactory,
  type CommandTeamSetupOptions,
  type EpisodeServerFactory,
  type ModelProxyFactory,
} from './setup.js';
export {
  startCommandEpisodeServer,
  startCommandModelProxy,
  type EpisodeServer,
  type EpisodeModelProxy,
  type ModelProxySettings,
} from './episode-server.js';
export { commandTeamConfigOf, isCommandTeamData, readTeamData, CommandTeamFileSchema } from './team-file.js';
export { ProgramRun, type ProgramExit, type ProgramOptions } from './program.js';
export { SharedService, type Closable } from './shared-service.js';
export { shellWords } from './shell-words.js';
export { PLACEHOLDERS, substitute, assertPlaceholders, type Placeholder } from './placeholders.js';
export { TEAM_PROXY_ROLE } from './proxy-role.js';
