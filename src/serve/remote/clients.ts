/**
 * How a remote role's client is made, by protocol: each protocol's client module is imported only
 * when a team uses it (its SDK is an optional dependency), by path.
 */
import { FaultlineError } from '../../core/errors.js';
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

/** The module of each protocol's client and the function it exports. */
const CLIENT_MODULES: Readonly<Record<RemoteProtocol, { readonly path: string; readonly factory: string }>> = {
  a2a: { path: './a2a-client.js', factory: 'a2aClient' },
  'agent-protocol': { path: './agent-protocol-client.js', factory: 'agentProtocolClient' },
};

/** A factory that imports `protocol`'s client module on first use. */
function lazyFactory(protocol: RemoteProtocol): RemoteClientFactory {
  return async (url, options) => {
    const { path, factory } = CLIENT_MODULES[protocol];
    // A computed specifier: the module is loaded only by teams that reach an agent over this protocol.
    const specifier = new URL(path, import.meta.url).href;
    let module: Record<string, unknown>;
    try {
      module = (await import(specifier)) as Record<string, unknown>;
    } catch (e) {
      throw new FaultlineError(
        `The ${protocol} client (${path}) could not be loaded: ${(e as Error).message}. Fix: use a faultline build that includes it, or play the role with another kind.`,
        { cause: e },
      );
    }
    const make = module[factory];
    if (typeof make !== 'function')
      throw new FaultlineError(`The ${protocol} client module exports no ${factory}(). Fix: update faultline.`);
    return (await (make as (url: string, options: RemoteClientOptions) => unknown)(url, options)) as RemoteAgentClient;
  };
}

/** The built-in clients: A2A and the Agent Protocol. */
export const REMOTE_CLIENTS: RemoteClientFactories = {
  a2a: lazyFactory('a2a'),
  'agent-protocol': lazyFactory('agent-protocol'),
};
