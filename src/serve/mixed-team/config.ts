/**
 * A mixed team's configuration as plain JSON (it travels to worker threads): which kind of agent
 * plays each role — the reference agent, a role of a registered team, a model, or a remote agent
 * reached over A2A or the Agent Protocol — and the limits of remote turns.
 */
import type { LlmTeamConfig } from '../../llm/team-config.js';
import type { RemoteProtocol } from '../remote/remote-agent.js';

/** The kinds of agent a role can be given. */
export const ROLE_KINDS = ['oracle', 'team', 'llm', 'a2a', 'agent-protocol', 'cmd'] as const;

/** Who plays one role. */
export type MixedRoleSpec =
  /** The reference agent for the role (the oracle's plan follower); privileged. */
  | { readonly kind: 'oracle' }
  /** That role of a registered team that creates agents in-process (privileged if that team is). */
  | { readonly kind: 'team'; readonly team: string }
  /** A model: the team's `llm.defaults` with the role's overrides (`llm.roles[role]`); never privileged. */
  | { readonly kind: 'llm' }
  /** A remote agent: an A2A Agent Card URL, or an Agent Protocol base URL. */
  | { readonly kind: RemoteProtocol; readonly url: string }
  /** An agent program started once per episode with the role's MCP endpoint (a command team's placeholders). */
  | { readonly kind: 'cmd'; readonly command: string };

/** Limits of a remote role's turns. */
export interface RemoteTurnLimits {
  /** Wall-clock ms one remote turn may take (the client's retries included). @defaultValue 300000 */
  readonly timeoutMs?: number;
  /** Retries of a turn that failed on the way (passed to the protocol client). @defaultValue 2 */
  readonly retries?: number;
  /** Replies in a row without an action (while the role holds control) before the episode ends. @defaultValue 3 */
  readonly maxRepliesWithoutAction?: number;
}

/** A mixed team. */
export interface MixedTeamConfig {
  /** A safe id: it names the run's files. */
  readonly id: string;
  readonly description?: string;
  /** Who plays each role, by role id (roles a task does not have are ignored). */
  readonly roles: Readonly<Record<string, MixedRoleSpec>>;
  /** The model settings of the `llm` roles (an LLM team's configuration, its `roles` their overrides); needed only with one. */
  readonly llm?: LlmTeamConfig;
  readonly remote?: RemoteTurnLimits;
}

/** The default wall-clock limit of one remote turn. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 300_000;
/** The default retries of a remote turn. */
export const DEFAULT_REMOTE_RETRIES = 2;
/** The default number of replies in a row without an action before the episode ends. */
export const DEFAULT_MAX_REPLIES_WITHOUT_ACTION = 3;

/** Whether a role is played through the episode's MCP server (a remote agent or a program): the team then plays its episodes itself. */
export function playsThroughServer(spec: MixedRoleSpec): boolean {
  return spec.kind === 'cmd' || isRemoteSpec(spec);
}

/** Whether a role spec is played by a remote agent. */
export function isRemoteSpec(spec: MixedRoleSpec): spec is { readonly kind: RemoteProtocol; readonly url: string } {
  return spec.kind === 'a2a' || spec.kind === 'agent-protocol';
}
