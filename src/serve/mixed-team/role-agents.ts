/**
 * The in-process agents of a mixed team (oracle, registered-team and llm roles) and what each may
 * be told. Only roles whose agent needs it — the oracle, a role of a privileged team — get the
 * privileged briefing and per-step channel; every other role is created from a copy of the
 * episode's start without `privileged` and called with a context without it, so a model in the
 * team never sees the plan.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { findTeam, type Agent, type EpisodeStart, type Team } from '../../team/agent.js';
import type { MixedRoleSpec, MixedTeamConfig } from './config.js';
import { agentContext } from '../../team/agent-context.js';

/** One in-process role's agent, and whether it is privileged. */
export interface RoleAgent {
  readonly agent: Agent;
  readonly privileged: boolean;
}

/** The start object without the privileged briefing, one per episode start (so restarts see the same one). */
const plainStarts = new WeakMap<EpisodeStart, EpisodeStart>();

/** `start` without its privileged briefing (the same object for the same start). */
export function plainStart(start: EpisodeStart): EpisodeStart {
  if (start.privileged === null) return start;
  let plain = plainStarts.get(start);
  if (!plain) {
    plain = Object.freeze({ ...start, privileged: null });
    plainStarts.set(start, plain);
  }
  return plain;
}

/** The spec of `role`, or an error naming the role and the fix. */
export function specOf(config: MixedTeamConfig, role: string, roles: readonly string[]): MixedRoleSpec {
  const spec = Object.hasOwn(config.roles, role) ? config.roles[role] : undefined;
  if (spec === undefined)
    throw new InvalidArgumentError(
      `mixed team "${config.id}" role "${role}"`,
      Object.keys(config.roles).join(', '),
      `an agent for every role of the task (${roles.join(', ')})`,
      `add the role to the team file, e.g. roles: { ${role}: { kind: oracle } }`,
    );
  return spec;
}

/** The registered team `id` named by role `role`, which must create its agents in-process. */
export function registeredTeam(config: MixedTeamConfig, role: string, id: string): Team {
  const team = findTeam(id);
  if (team === undefined || team.play !== undefined)
    throw new InvalidArgumentError(
      `mixed team "${config.id}" roles.${role}.team`,
      id,
      team === undefined
        ? 'the id of a registered team'
        : 'a team whose agents run in-process (this one plays its episodes itself)',
      'name a team faultline list shows, e.g. lossy-handoff, or load its module with --import',
    );
  return team;
}

/** Whether the agent of `spec` is privileged. */
export function isPrivilegedSpec(config: MixedTeamConfig, role: string, spec: MixedRoleSpec): boolean {
  if (spec.kind === 'oracle') return registeredTeam(config, role, 'oracle').privileged === true;
  return spec.kind === 'team' && registeredTeam(config, role, spec.team).privileged === true;
}

/**
 * Creates the in-process agents of `roles` for one episode. `start` carries the privileged
 * briefing when the team is privileged; privileged roles get that very object (plan followers
 * share their playbook through it), the others {@link plainStart}. Throws for a role without a
 * spec, a remote role, or a team that cannot be found.
 */
export function createRoleAgents(
  config: MixedTeamConfig,
  start: EpisodeStart,
  roles: readonly string[],
  llm: Team | null,
): Record<string, RoleAgent> {
  const all = start.roles.map((r) => r.id);
  const out: Record<string, RoleAgent> = {};
  let oracle: Record<string, Agent> | null = null;
  const byTeam = new Map<string, Readonly<Record<string, Agent>>>();
  let llmAgents: Readonly<Record<string, Agent>> | null = null;
  for (const role of roles) {
    const spec = specOf(config, role, all);
    let agent: Agent | undefined;
    let privileged = false;
    if (spec.kind === 'oracle') {
      // The registered oracle (the CLI's built-ins register it): the plan follower of every role.
      oracle ??= registeredTeam(config, role, 'oracle').createAgents(start);
      agent = oracle[role];
      privileged = true;
    } else if (spec.kind === 'team') {
      const team = registeredTeam(config, role, spec.team);
      privileged = team.privileged === true;
      let agents = byTeam.get(team.id);
      if (!agents) {
        agents = team.createAgents(privileged ? start : plainStart(start));
        byTeam.set(team.id, agents);
      }
      agent = agents[role];
    } else if (spec.kind === 'llm') {
      if (!llm)
        throw new InvalidArgumentError(
          `mixed team "${config.id}" role "${role}"`,
          'kind: llm',
          'model settings for llm roles',
          'add defaults: { model: ... } to the team file',
        );
      llmAgents ??= llm.createAgents(plainStart(start));
      agent = llmAgents[role];
    } else
      throw new InvalidArgumentError(
        `mixed team "${config.id}" role "${role}"`,
        spec.kind,
        'an in-process role (oracle, team, llm)',
        'play the team with its play() (faultline run does)',
      );
    if (agent === undefined)
      throw new InvalidArgumentError(
        `mixed team "${config.id}" role "${role}"`,
        spec.kind === 'team' ? spec.team : spec.kind,
        'an agent that has this role',
        'give the role a kind whose agents include it',
      );
    out[role] = { agent: privileged ? agent : withoutPrivilege(agent), privileged };
  }
  return out;
}

/** `agent`, called with a context that has no privileged channel whatever it is given. */
function withoutPrivilege(agent: Agent): Agent {
  return {
    act: (observation, context) => {
      if (context.privileged === undefined) return agent.act(observation, context);
      return agent.act(
        observation,
        agentContext(() => context.signal, context.note),
      );
    },
  };
}
