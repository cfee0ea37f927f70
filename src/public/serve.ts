/**
 * `faultline/serve`: faultline's worlds served to agents that are not written against its `Agent`
 * interface. An MCP server (`EpisodeHost`, `createMcpSession`; one session per team member, over
 * any MCP transport; `startMcpHttpServer` for Streamable HTTP), external agent programs as teams
 * (a setup entry `{ url: COMMAND_TEAM_SETUP, options: { teams: [{ id, command }] } }` for
 * `evaluate`, as `faultline run --team-cmd` does), mixed teams whose roles are each played by
 * their own kind of agent — the oracle, a registered team's role, a model, a remote agent over A2A
 * or the Agent Protocol (`mixedTeam`, `MIXED_TEAM_SETUP`; the `RemoteAgentClient` contract), an OpenEnv-compatible WebSocket env server
 * for RL trainers (`startOpenEnvServer`), and `HostedRun`, the run directory such servers write every episode to,
 * so `faultline report` and `compare` read them like any run.
 *
 * Importing this entry registers the built-in envs and reference teams (idempotent).
 *
 * @example
 * ```ts
 * import { EpisodeHost, createMcpSession } from 'faultline/serve';
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * const host = EpisodeHost.open({ env: 'filesystem/rename-symbol-v1', seed: 0, perturb: 'production' });
 * await createMcpSession(host).connect(new StdioServerTransport());
 * console.error((await host.result).outcome);
 * ```
 */
import { loadBuiltins } from '../builtins.js';

export * from '../serve/mcp/index.js';
export * from '../serve/openenv/index.js';
export {
  COMMAND_TEAM_SETUP,
  planCommandTeam,
  type CommandTeamConfig,
  type CommandTeamSetupOptions,
} from '../serve/command-team/index.js';
export { HostedRun, type HostedRunOptions, type HostedEpisodeKey } from '../serve/hosted-run.js';
export {
  mixedTeam,
  MIXED_TEAM_SETUP,
  ROLE_KINDS,
  mixedTeamFileOf,
  mixedTeamConfigOf,
  isMixedTeamData,
  type MixedTeamConfig,
  type MixedRoleSpec,
  type MixedTeamServices,
  type MixedTeamSetupOptions,
  type RemoteTurnLimits,
} from '../serve/mixed-team/index.js';
export {
  RemoteAgentError,
  type RemoteAgentClient,
  type RemoteTurn,
  type RemoteReply,
  type RemoteProtocol,
  type RemoteFailure,
} from '../serve/remote/remote-agent.js';
export { replyAction, REPLY_ACTION_FORM, type ReplyAction } from '../serve/remote/reply-action.js';
export {
  REMOTE_CLIENTS,
  type RemoteClientFactories,
  type RemoteClientFactory,
  type RemoteClientOptions,
} from '../serve/remote/clients.js';

loadBuiltins();
