/**
 * A mixed team: each role played by its own kind of agent (see {@link MixedRoleSpec}). With only
 * in-process roles it is an ordinary team whose `createAgents` builds each role's agent; with a
 * remote role it plays its episodes itself on this thread's MCP HTTP server (see `play.ts`).
 * Either way only the roles that need it are privileged.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertSafeId } from '../../core/safe-id.js';
import { llmTeam } from '../../llm/team.js';
import type { ModelGateway } from '../../llm/types.js';
import { findTeam, type Team } from '../../team/agent.js';
import type { EpisodeServer } from '../command-team/episode-server.js';
import type { SharedService } from '../command-team/shared-service.js';
import { playOnlyAgents } from '../playing-team.js';
import { REMOTE_CLIENTS, type RemoteClientFactories } from '../remote/clients.js';
import { isRemoteSpec, playsThroughServer, type MixedRoleSpec, type MixedTeamConfig } from './config.js';
import { playMixedEpisode } from './play.js';
import { createRoleAgents } from './role-agents.js';

/** What a mixed team's roles run on. */
export interface MixedTeamServices {
  /** This thread's MCP HTTP server; needed when a role is remote. */
  readonly servers?: SharedService<EpisodeServer>;
  /** Where the llm roles' model calls go; needed when a role is llm. */
  readonly gateway?: ModelGateway;
  /** The protocol clients of remote roles. @defaultValue the built-in A2A and Agent Protocol clients */
  readonly clients?: RemoteClientFactories;
}

/** A one-line account of who plays which role. */
function describeRoles(config: MixedTeamConfig): string {
  const part = (role: string, spec: MixedRoleSpec) =>
    `${role} ${spec.kind === 'team' ? `from ${spec.team}` : isRemoteSpec(spec) ? `over ${spec.kind} (${spec.url})` : spec.kind === 'cmd' ? 'by a program' : spec.kind}`;
  return `Mixed team: ${Object.entries(config.roles)
    .map(([role, spec]) => part(role, spec))
    .join(', ')}.`;
}

/** A mixed team (see the module comment). Throws `InvalidArgumentError` for a config it cannot serve. */
export function mixedTeam(config: MixedTeamConfig, services: MixedTeamServices = {}): Team {
  assertSafeId('mixedTeam(config.id)', config.id);
  const specs = Object.values(config.roles);
  if (specs.length === 0)
    throw new InvalidArgumentError(
      'mixedTeam(config.roles)',
      config.roles,
      'at least one role',
      'add e.g. roles: { planner: { kind: oracle } }',
    );
  const hasLlm = specs.some((s) => s.kind === 'llm');
  if (hasLlm && (config.llm === undefined || services.gateway === undefined))
    throw new InvalidArgumentError(
      `mixedTeam(config) of team "${config.id}"`,
      config.llm === undefined ? 'no llm settings' : 'no gateway',
      'model settings (config.llm) and a model gateway (services.gateway) for its llm roles',
      'add defaults: { model: ... } to the team file; in code, pass services.gateway',
    );
  const llm =
    hasLlm && config.llm && services.gateway
      ? llmTeam({ ...config.llm, id: config.id, gateway: services.gateway })
      : null;
  const remote = specs.some(playsThroughServer);
  const servers = services.servers;
  if (remote && servers === undefined)
    throw new InvalidArgumentError(
      `mixedTeam(services) of team "${config.id}"`,
      'no servers',
      'the MCP HTTP server its remote roles act through (services.servers)',
      'pass services.servers, e.g. new SharedService(startCommandEpisodeServer)',
    );
  const id = config.id;
  const description = config.description ?? describeRoles(config);
  // Read when an episode starts: a registered team a role names may be loaded after this one.
  const privileged = (): boolean =>
    specs.some((spec) => spec.kind === 'oracle' || (spec.kind === 'team' && findTeam(spec.team)?.privileged === true));
  if (!remote || servers === undefined)
    return {
      id,
      description,
      get privileged() {
        return privileged();
      },
      createAgents: (start) => {
        const agents = createRoleAgents(
          config,
          start,
          start.roles.map((r) => r.id),
          llm,
        );
        return Object.fromEntries(Object.entries(agents).map(([role, a]) => [role, a.agent]));
      },
    };
  const clients = services.clients ?? REMOTE_CLIENTS;
  const team: Team = {
    id,
    description,
    get privileged() {
      return privileged();
    },
    createAgents: playOnlyAgents(id),
    play: (options) => playMixedEpisode({ team, config, servers, clients, llm }, options),
  };
  return team;
}
