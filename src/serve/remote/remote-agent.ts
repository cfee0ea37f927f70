/**
 * Remote agents: a role of a team played by a service outside faultline, reached over a protocol
 * (A2A, the Agent Protocol). This module is the contract between the mixed team that drives a
 * remote role and the protocol clients: one {@link RemoteTurn} goes out each time the role gets
 * control, one {@link RemoteReply} comes back when the agent is done with its turn. While its turn
 * runs, the agent may act on the world through the MCP endpoint of its role (`turn.mcp`); an agent
 * without an MCP client instead answers with an action in the documented JSON form.
 */
import { FaultlineError } from '../../core/errors.js';

/** The protocols a remote role can be reached over. */
export type RemoteProtocol = 'a2a' | 'agent-protocol';

/** One turn of a remote role: what faultline sends its agent when the role gets control. */
export interface RemoteTurn {
  /** The episode's id (stable across re-runs: it names the remote conversation's context). */
  readonly episodeId: string;
  /** The role the agent plays. */
  readonly role: string;
  /** 0 for the role's first turn of the episode (the text then carries its briefing and the task). */
  readonly turn: number;
  /** The message: briefing and task on turn 0, then what the role observes now (its inbox, its last result). */
  readonly text: string;
  /** The same as structured data (sent as a data part / `additional_input`): briefing, observation, action form. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The role's MCP endpoint (Streamable HTTP); travels in the message metadata. */
  readonly mcp: { readonly url: string };
  /** Aborted when the turn's time runs out or the episode ends. */
  readonly signal: AbortSignal;
}

/** What a remote agent answered for one turn. */
export interface RemoteReply {
  /** The reply's text parts, joined with newlines ('' for none). */
  readonly text: string;
  /** The reply's structured parts (A2A data parts, Agent Protocol `additional_output`), in order. */
  readonly data: readonly unknown[];
}

/** A client of one remote agent, for the episodes of one run. */
export interface RemoteAgentClient {
  readonly protocol: RemoteProtocol;
  /** Where the agent lives (an Agent Card URL or a base URL), for messages and records; never holds a secret. */
  readonly endpoint: string;
  /** Sends one turn and resolves with the agent's reply. Rejects with a {@link RemoteAgentError}. */
  send(turn: RemoteTurn): Promise<RemoteReply>;
  /** Ends what the client holds open (connections, remote tasks). */
  close(): Promise<void>;
}

/**
 * Why a remote call failed: `unreachable` (connection refused, DNS, a 5xx after retries),
 * `timeout` (no reply in time), `protocol` (a reply that breaks the protocol: bad JSON, wrong
 * shape, a failed remote task). Every kind is the infrastructure's failure, not the team's.
 */
export type RemoteFailure = 'unreachable' | 'timeout' | 'protocol';

/** A remote agent could not be used for a turn. */
export class RemoteAgentError extends FaultlineError {
  override name = 'RemoteAgentError';
  constructor(
    readonly protocol: RemoteProtocol,
    readonly endpoint: string,
    readonly failure: RemoteFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
