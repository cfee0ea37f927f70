/**
 * How a remote role's client is made, by protocol. The A2A client loads its SDK (an optional
 * dependency) only when it first sends, so a team that never reaches an A2A agent never needs it.
 */
import { a2aClient } from './a2a-client.js';
import { agentProtocolClient } from './agent-protocol-client.js';
import type { RemoteAgentClient, RemoteProtocol } from './remote-agent.js';

/** What a protocol client is told when it is made. */
export interface RemoteClientOptions {
  /** Wall-clock ms one turn may take, retries included. */
  readonly timeoutMs?: number;
  /** Retries of a turn that failed on the way (connection refused, 5xx, 429). */
  readonly retries?: number;
}

/** Makes the client of one remote agent. */
export type RemoteClientFactory = (url: string, options: RemoteClientOptions) => Promise<RemoteAgentClient>;

/** A client factory for each protocol. */
export type RemoteClientFactories = Readonly<Record<RemoteProtocol, RemoteClientFactory>>;

/** The built-in clients: A2A and the Agent Protocol. */
export const REMOTE_CLIENTS: RemoteClientFactories = {
  a2a: (url, options) => Promise.resolve(a2aClient(url, clientOptions(options))),
  'agent-protocol': (url, options) => Promise.resolve(agentProtocolClient(url, clientOptions(options))),
};

/** A protocol client's options from a team file's: `retries` is the retry policy's count. */
function clientOptions(options: RemoteClientOptions): { timeoutMs?: number; retry?: { maxRetries: number } } {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retry: { maxRetries: options.retries } } : {}),
  };
}
