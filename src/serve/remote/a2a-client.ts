/**
 * The A2A client of a remote role: it reads the agent's Agent Card once, then sends each turn
 * as one blocking `SendMessage` (see a2a-message.ts for the message and how the reply is read).
 *
 * Every call has a deadline (`timeoutMs`, and the turn's signal). A call that could not reach
 * the agent (connection refused, DNS, a 429 or a 5xx from its server) is tried again with capped
 * exponential backoff, the same message id each time; a call that timed out is not, since the
 * agent may be acting on it. Then the turn fails with a {@link RemoteAgentError} naming the
 * endpoint, the role, what failed and how to fix it. The SDK (`@a2a-js/sdk`) is imported on the
 * first call; headers (e.g. an `Authorization` read from the environment) are sent, never stored.
 */
import type { AgentCard, Message, Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { InvalidArgumentError } from '../../core/errors.js';
import { backoffMs, type RetryPolicy } from '../../llm/gateway/retry.js';
import { sleep } from '../../llm/gateway/sleep.js';
import { a2aContextId, a2aTurnRequest, endOfTask, isA2aMessage, replyOfMessage, type A2aEnums } from './a2a-message.js';
import { describeFailure, isTransient, retryingFetch } from './a2a-failure.js';
import { loadA2aSdk, type A2aImporter, type A2aSdk } from './a2a-sdk.js';
import {
  RemoteAgentError,
  type RemoteAgentClient,
  type RemoteFailure,
  type RemoteReply,
  type RemoteTurn,
} from './remote-agent.js';

/** How an {@link a2aClient} calls its agent. */
export interface A2aClientOptions {
  /** Most ms one turn (or the card fetch) may take before it fails with `timeout`. @defaultValue 300000 */
  readonly timeoutMs?: number;
  /** Retries of a call that could not reach the agent. @defaultValue 3 retries, 250 ms doubling, at most 5000 ms */
  readonly retry?: Partial<RetryPolicy>;
  /** How often a task the agent left `submitted` or `working` is read again. @defaultValue 250 */
  readonly pollMs?: number;
  /** Headers sent with every request (credentials: pass them from the environment; they are never written). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The `fetch` to use. @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Imports the SDK (tests replace it to play a missing package). */
  readonly importer?: A2aImporter;
}

/** An A2A {@link RemoteAgentClient}, which can also show the agent's card. */
export interface A2aRemoteClient extends RemoteAgentClient {
  readonly protocol: 'a2a';
  /** The Agent Card (fetched once; fails as `send` does). */
  card(): Promise<AgentCard>;
}

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseMs: 250, maxWaitMs: 5_000 };

/** The card URL without credentials, query or fragment: safe to print and record. */
function publicEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function positive(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0)
    throw new InvalidArgumentError(
      `a2aClient(options.${field})`,
      value,
      'a positive number of ms',
      `omit ${field} for ${fallback}`,
    );
  return v;
}

/** Who a call is for, for messages: what was asked (the card, a turn) and the turn, if any. */
interface Who {
  readonly what: string;
  readonly turn: RemoteTurn | null;
}

/** Settles as `promise` does, or rejects as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failure to reach the agent's card, as the failure of a turn (its message names the role). */
function forTurn(error: unknown, turn: RemoteTurn, endpoint: string): unknown {
  const whose = ` for role "${turn.role}" (episode ${turn.episodeId}, turn ${turn.turn})`;
  if (error instanceof RemoteAgentError)
    return new RemoteAgentError(
      'a2a',
      endpoint,
      error.failure,
      error.message.replace(`at ${endpoint}:`, `at ${endpoint}${whose}:`),
      { cause: error },
    );
  if (turn.signal.aborted)
    return new RemoteAgentError(
      'a2a',
      endpoint,
      'timeout',
      `The A2A agent at ${endpoint}${whose}: the turn was cancelled while its Agent Card was read (the turn ran out of time or the episode ended). Fix: nothing on the agent if the episode ended; otherwise give the role more time.`,
      { cause: error },
    );
  return error;
}

/**
 * A client of the A2A agent whose Agent Card is at `cardUrl` (a base URL `http://host:port/`
 * means the well-known `/.well-known/agent-card.json`). Throws `InvalidArgumentError` for a URL
 * that is not http(s); `send` rejects with a `RemoteAgentError`, or with a `FaultlineError`
 * when `@a2a-js/sdk` is not installed.
 */
export function a2aClient(cardUrl: string, options: A2aClientOptions = {}): A2aRemoteClient {
  let url: URL;
  try {
    url = new URL(cardUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(
      'a2aClient(cardUrl)',
      cardUrl,
      'an http(s) URL of an Agent Card',
      'give the agent card URL, e.g. http://127.0.0.1:9999/.well-known/agent-card.json',
    );
  if (url.pathname === '/' || url.pathname === '') url = new URL('/.well-known/agent-card.json', url);
  const endpoint = publicEndpoint(url);
  const timeoutMs = positive(options.timeoutMs, 300_000, 'timeoutMs');
  const pollMs = positive(options.pollMs, 250, 'pollMs');
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const baseFetch = options.fetch ?? globalThis.fetch;
  const headers = options.headers ?? {};
  const cardHref = url.href;

  let sdk: Promise<A2aSdk> | null = null;
  let connected: Promise<{ client: Client; card: AgentCard; enums: A2aEnums }> | null = null;
  let closed = false;
  /** Tasks the agent left waiting for input, by context: the role's next turn continues them. */
  const openTasks = new Map<string, string>();

  const fail = (who: Who, failure: RemoteFailure, detail: string, fix: string, cause?: unknown) => {
    const turn = who.turn;
    const whose = turn ? ` for role "${turn.role}" (episode ${turn.episodeId}, turn ${turn.turn})` : '';
    return new RemoteAgentError(
      'a2a',
      endpoint,
      failure,
      `The A2A agent at ${endpoint}${whose}: ${who.what} ${detail}. Fix: ${fix}.`,
      cause === undefined ? undefined : { cause },
    );
  };

  /** Runs `attempt` with retries on transient failures; maps every failure to a RemoteAgentError. */
  const withRetries = async <T>(
    who: Who,
    key: string,
    outer: AbortSignal | null,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    const tries: string[] = [];
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = outer ? AbortSignal.any([outer, deadline]) : deadline;
    for (let n = 1; ; n++) {
      try {
        if (signal.aborted) throw signal.reason;
        return await attempt(signal);
      } catch (error) {
        if (error instanceof RemoteAgentError) throw error;
        if (outer?.aborted)
          throw fail(
            who,
            'timeout',
            'was cancelled: the turn ran out of time or the episode ended',
            'nothing to fix on the agent if the episode ended; otherwise give the role more time',
            error,
          );
        if (deadline.aborted)
          throw fail(
            who,
            'timeout',
            `did not answer within ${timeoutMs} ms`,
            'check that the agent ends every turn with a reply (a message, or a task that is completed or input-required), or raise timeoutMs',
            error,
          );
        if (!isTransient(error))
          throw fail(
            who,
            'protocol',
            `failed: ${describeFailure(error)}`,
            who.turn
              ? "see the agent's logs: it answered with an error, or with something that is not A2A"
              : `check that ${endpoint} serves an A2A Agent Card (A2A agents serve theirs at /.well-known/agent-card.json) over JSON-RPC or HTTP+JSON`,
            error,
          );
        tries.push(`${n}) ${describeFailure(error)}`);
        if (n > policy.maxRetries)
          throw fail(
            who,
            'unreachable',
            `could not be reached after ${n} attempts: ${tries.join('; ')}`,
            `start the agent (or check the Agent Card URL ${endpoint} and its network), then resume the run`,
            error,
          );
        try {
          await sleep(backoffMs(`${endpoint}:${key}`, n, policy), signal);
        } catch {
          continue; // the deadline or the turn ended: the next pass says which
        }
      }
    }
  };

  const loadSdk = (): Promise<A2aSdk> => {
    sdk ??= loadA2aSdk(endpoint, options.importer);
    return sdk;
  };

  const connect = (): Promise<{ client: Client; card: AgentCard; enums: A2aEnums }> => {
    if (connected) return connected;
    const attempt = (async () => {
      const { client: mod, common } = await loadSdk();
      const who: Who = { what: 'its Agent Card', turn: null };
      return withRetries(who, 'card', null, async (signal) => {
        // The card's deadline bounds the card fetch only: the transports' calls get their own.
        const fetchImpl = retryingFetch(baseFetch, headers);
        const cardFetch = retryingFetch(baseFetch, headers, signal);
        const legacyCompat = { enabled: true };
        const factory = new mod.ClientFactory({
          transports: [
            new mod.JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
            new mod.RestTransportFactory({ fetchImpl, legacyCompat }),
          ],
          cardResolver: new mod.DefaultAgentCardResolver({ fetchImpl: cardFetch, legacyCompat }),
        });
        const client = await factory.createFromUrl(cardHref, '');
        const enums: A2aEnums = {
          roleUser: common.Role.ROLE_USER,
          states: {
            completed: common.TaskState.TASK_STATE_COMPLETED,
            failed: common.TaskState.TASK_STATE_FAILED,
            canceled: common.TaskState.TASK_STATE_CANCELED,
            inputRequired: common.TaskState.TASK_STATE_INPUT_REQUIRED,
            rejected: common.TaskState.TASK_STATE_REJECTED,
            authRequired: common.TaskState.TASK_STATE_AUTH_REQUIRED,
          },
        };
        return { client, card: await client.getAgentCard({ signal }), enums };
      });
    })();
    connected = attempt;
    // A failed connection is not kept: the next turn tries again (the agent may have started).
    attempt.catch(() => {
      if (connected === attempt) connected = null;
    });
    return attempt;
  };

  const readTask = async (
    client: Client,
    task: Task,
    enums: A2aEnums,
    who: Who,
    signal: AbortSignal,
  ): Promise<RemoteReply> => {
    const contextId = a2aContextId(who.turn?.episodeId ?? '', who.turn?.role ?? '');
    for (let current = task; ;) {
      const end = endOfTask(current, enums);
      if (end.kind === 'reply') {
        if (end.continues) openTasks.set(contextId, current.id);
        else openTasks.delete(contextId);
        return end.reply;
      }
      if (end.kind === 'failed') {
        openTasks.delete(contextId);
        throw fail(
          who,
          'protocol',
          `was answered with task ${current.id} in state ${end.state}${end.detail ? `: ${end.detail}` : ''}`,
          "see the agent's own logs for why it failed the task; the turn is the infrastructure's failure, not the team's",
        );
      }
      await sleep(pollMs, signal);
      current = await client.getTask({ tenant: '', id: current.id, historyLength: 0 }, { signal });
    }
  };

  return {
    protocol: 'a2a',
    endpoint,
    card: async () => (await connect()).card,
    async send(turn: RemoteTurn): Promise<RemoteReply> {
      const who: Who = { what: 'the turn', turn };
      if (closed)
        throw fail(who, 'protocol', 'was not sent: the client is closed', 'open a new client with a2aClient()');
      const { client, enums } = await untilAborted(connect(), turn.signal).catch((error: unknown) => {
        throw forTurn(error, turn, endpoint);
      });
      const contextId = a2aContextId(turn.episodeId, turn.role);
      const request = a2aTurnRequest(turn, enums, openTasks.get(contextId) ?? '');
      return withRetries(who, request.message?.messageId ?? '', turn.signal, async (signal) => {
        const result: Message | Task = await client.sendMessage(request, { signal });
        if (isA2aMessage(result)) {
          openTasks.delete(contextId);
          return replyOfMessage(result);
        }
        return readTask(client, result, enums, who, signal);
      });
    },
    async close(): Promise<void> {
      closed = true;
      const tasks = [...openTasks.values()];
      openTasks.clear();
      const current = connected ? await connected.catch(() => null) : null;
      if (!current) return;
      // Tasks left waiting for input would wait forever: cancel them, best effort.
      await Promise.all(
        tasks.map((id) =>
          current.client
            .cancelTask({ tenant: '', id, metadata: undefined }, { signal: AbortSignal.timeout(2_000) })
            .catch(() => undefined),
        ),
      );
    },
  };
}
