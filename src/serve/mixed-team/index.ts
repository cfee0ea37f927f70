/**
 * Mixed teams: each role played by its own kind of agent — the reference agent, a role of a
 * registered team, a model, or a remote agent over A2A or the Agent Protocol.
 */
export { mixedTeam, type MixedTeamServices } from './team.js';
export {
  ROLE_KINDS,
  DEFAULT_REMOTE_TIMEOUT_MS,
  DEFAULT_REMOTE_RETRIES,
  DEFAULT_MAX_REPLIES_WITHOUT_ACTION,
  isRemoteSpec,
  type MixedRoleSpec,
  type MixedTeamConfig,
  type RemoteTurnLimits,
} from './config.js';
export {
  MixedTeamFileSchema,
  isMixedTeamData,
  mixedTeamConfigOf,
  mixedTeamFileOf,
  type MixedTeamFile,
} from './team-file.js';
export { MIXED_TEAM_SETUP, setRemoteClientFactories, setup, type MixedTeamSetupOptions } from './setup.js';
export { RemoteRoleDriver, type RemoteRoleDriverOptions } from './remote-driver.js';
