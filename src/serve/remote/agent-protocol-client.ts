/**
 * The Agent Protocol client of a remote role (agentprotocol.ai, v1; AutoGPT's benchmark and
 * AgentScope speak it). The wire form, per (episode, role):
 *
 * - turn 0 creates a task: `POST {base}/ap/v1/agent/tasks` with
 *   `{ input: turn.text, additional_input }` → a `Task` whose `task_id` the client keeps;
 * - every turn, turn 0 included, executes one step of that task:
 *   `POST {base}/ap/v1/agent/tasks/{task_id}/steps` with `{ input, additional_input }` → a `Step`.
 *   The input of turn 0's step is null (the task's input already carries the briefing, as the
 *   protocol intends: a step's input is what comes after the task); later turns send `turn.text`;
 * - a step answered with a `status` other than `completed` is polled with
 *   `GET {base}/ap/v1/agent/tasks/{task_id}/steps/{step_id}` until it is completed;
 * - `additional_input` is always
 *   `{ faultline: { episode, role, turn, mcp: { url } }, data: turn.data }`: the agent acts on the
 *   world through the role's MCP endpoint `faultline.mcp.url` while its step runs;
 * - the reply is the completed step's `output` (its text; '' for null) and its
 *   `additional_output` (its one data part, when not null): an agent without an MCP client
 *   answers `{ action }` there, in the documented JSON form.
 *
 * Transient failures (connection refused, 408, 429, 5xx) are retried with backoff
 * ({@link AgentProtocolClientOptions.retry}); a turn has `timeoutMs` in all, and ends early when
 * `turn.signal` aborts. Failures reject with a {@link RemoteAgentError}: `unreachable` out of
 * retries, `timeout` past the deadline, `protocol` for an answer that breaks the spec (not JSON,
 * no `task_id`, another task's step, another HTTP error).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { RetryPolicy } from '../../llm/gateway/retry.js';
import { sleep } from '../../llm/gateway/sleep.js';
import {
  abortedError,
  agentProtocolCall,
  agentProtocolError,
  type AgentProtocolCallContext,
} from './agent-protocol-http.js';
import {
  AGENT_PROTOCOL_PREFIX,
  describeIssues,
  stepSchema,
  taskSchema,
  type AgentProtocolRequestBody,
  type AgentProtocolStep,
} from './agent-protocol-schema.js';
import type { RemoteAgentClient, RemoteReply, RemoteTurn } from './remote-agent.js';

/** How the client calls its agent. */
export interface AgentProtocolClientOptions {
  /** The whole of one turn: creating the task, the step, its polls and the retries. @defaultValue 300000 */
  readonly timeoutMs?: number;
  /** The wait between two polls of a step that is not completed yet. @defaultValue 500 */
  readonly pollMs?: number;
  /** Retries of transient failures. @defaultValue {@link DEFAULT_AGENT_PROTOCOL_RETRY} */
  readonly retry?: Partial<RetryPolicy>;
  /** Extra headers on every request (an `authorization` the agent needs); never in a message or record. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The default retries: an agent is a service next to the run, so fewer and shorter waits than a model provider's. */
export const DEFAULT_AGENT_PROTOCOL_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  baseMs: 500,
  maxWaitMs: 10_000,
});

/** The default time of one turn. */
export const DEFAULT_AGENT_PROTOCOL_TIMEOUT_MS = 300_000;

const MAX_TIMER_MS = 2 ** 31 - 1;

function wholeNumber(value: number | undefined, field: string, min: number, fallback: number, fix: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > MAX_TIMER_MS)
    throw new InvalidArgumentError(
      `agentProtocolClient(options.${field})`,
      value,
      `a whole number from ${min} to ${MAX_TIMER_MS}`,
      fix,
    );
  return value;
}

/** The agent's base URL without a trailing slash or a trailing `/ap/v1[/agent]` (both forms are seen in the wild). */
function baseOf(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError(
      'agentProtocolClient(baseUrl)',
      baseUrl,
      'an http(s) URL',
      'give the agent\'s base URL, e.g. "http://127.0.0.1:8000"',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(
      'agentProtocolClient(baseUrl)',
      baseUrl,
      'an http: or https: URL',
      'give the agent\'s base URL, e.g. "http://127.0.0.1:8000"',
    );
  if (url.username !== '' || url.password !== '')
    throw new InvalidArgumentError(
      'agentProtocolClient(baseUrl)',
      `${url.protocol}//…@${url.host}${url.pathname}`,
      'a URL without credentials (the endpoint is shown in messages and records)',
      'pass credentials as options.headers (e.g. { authorization: "Bearer …" })',
    );
  if (url.search !== '' || url.hash !== '')
    throw new InvalidArgumentError(
      'agentProtocolClient(baseUrl)',
      // The query is not echoed: it may hold a key.
      `${url.origin}${url.pathname}${url.search !== '' ? '?…' : ''}${url.hash !== '' ? '#…' : ''}`,
      'a base URL without a query or fragment',
      'give the URL the /ap/v1/agent paths hang from',
    );
  const path = url.pathname.replace(/\/+$/, '').replace(/\/ap\/v1(\/agent)?$/, '');
  return `${url.origin}${path}`;
}

/**
 * A {@link RemoteAgentClient} of the Agent Protocol agent at `baseUrl` (the URL the
 * `/ap/v1/agent/...` paths hang from; a trailing `/ap/v1` or `/ap/v1/agent` is accepted).
 * It keeps one task per (episode, role) until {@link RemoteAgentClient.close} forgets them (the
 * protocol has no call to end a task). A turn > 0 of a pair it holds no task for (after `close`)
 * creates one.
 */
export function agentProtocolClient(baseUrl: string, options: AgentProtocolClientOptions = {}): RemoteAgentClient {
  const endpoint = baseOf(baseUrl);
  const timeoutMs = wholeNumber(
    options.timeoutMs,
    'timeoutMs',
    1,
    DEFAULT_AGENT_PROTOCOL_TIMEOUT_MS,
    'omit it for 300000',
  );
  const pollMs = wholeNumber(options.pollMs, 'pollMs', 1, 500, 'omit it for 500');
  const policy: RetryPolicy = {
    maxRetries: wholeNumber(
      options.retry?.maxRetries,
      'retry.maxRetries',
      0,
      DEFAULT_AGENT_PROTOCOL_RETRY.maxRetries,
      'omit it for 4',
    ),
    baseMs: wholeNumber(
      options.retry?.baseMs,
      'retry.baseMs',
      0,
      DEFAULT_AGENT_PROTOCOL_RETRY.baseMs,
      'omit it for 500',
    ),
    maxWaitMs: wholeNumber(
      options.retry?.maxWaitMs,
      'retry.maxWaitMs',
      0,
      DEFAULT_AGENT_PROTOCOL_RETRY.maxWaitMs,
      'omit it for 10000',
    ),
  };
  const headers = { ...(options.headers ?? {}) };
  const api = `${endpoint}${AGENT_PROTOCOL_PREFIX}`;
  /** task_id per `episode \0 role`. */
  const tasks = new Map<string, string>();

  const parseStep = (
    json: unknown,
    taskId: string,
    context: AgentProtocolCallContext,
    doing: string,
  ): AgentProtocolStep => {
    const parsed = stepSchema.safeParse(json);
    if (!parsed.success)
      throw agentProtocolError(
        context,
        'protocol',
        `the answer to ${doing} is not an Agent Protocol Step (${describeIssues(parsed.error)})`,
        'the agent must answer a Step object: { task_id, step_id, status: "created"|"running"|"completed", output, additional_output, is_last, artifacts }',
      );
    if (parsed.data.task_id !== taskId)
      throw agentProtocolError(
        context,
        'protocol',
        `the answer to ${doing} is a step of task ${JSON.stringify(parsed.data.task_id)}, not of task ${JSON.stringify(taskId)}`,
        'the agent must answer the step of the task in the request path',
      );
    return parsed.data;
  };

  const createTask = async (body: AgentProtocolRequestBody, context: AgentProtocolCallContext): Promise<string> => {
    const doing = 'creating the task';
    const json = await agentProtocolCall('POST', `${api}/tasks`, body, context, doing);
    const parsed = taskSchema.safeParse(json);
    if (!parsed.success)
      throw agentProtocolError(
        context,
        'protocol',
        `the answer to ${doing} is not an Agent Protocol Task (${describeIssues(parsed.error)})`,
        'the agent must answer POST /ap/v1/agent/tasks with a Task object: { task_id, input, additional_input, artifacts }',
      );
    return parsed.data.task_id;
  };

  const runStep = async (
    taskId: string,
    body: AgentProtocolRequestBody,
    context: AgentProtocolCallContext,
  ): Promise<AgentProtocolStep> => {
    const steps = `${api}/tasks/${encodeURIComponent(taskId)}/steps`;
    let doing = `executing a step of task ${JSON.stringify(taskId)}`;
    let step = parseStep(await agentProtocolCall('POST', steps, body, context, doing), taskId, context, doing);
    const stepId = step.step_id;
    doing = `polling step ${JSON.stringify(stepId)} of task ${JSON.stringify(taskId)}`;
    while (step.status !== 'completed') {
      try {
        await sleep(pollMs, context.signal);
      } catch {
        throw abortedError(
          context,
          `waiting for step ${JSON.stringify(stepId)} (status ${JSON.stringify(step.status)})`,
        );
      }
      const json = await agentProtocolCall('GET', `${steps}/${encodeURIComponent(stepId)}`, undefined, context, doing);
      step = parseStep(json, taskId, context, doing);
      if (step.step_id !== stepId)
        throw agentProtocolError(
          context,
          'protocol',
          `the answer to ${doing} is step ${JSON.stringify(step.step_id)}`,
          'the agent must answer GET …/steps/{step_id} with that step',
        );
    }
    return step;
  };

  const send = async (turn: RemoteTurn): Promise<RemoteReply> => {
    const key = `${turn.episodeId}\u0000${turn.role}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const context: AgentProtocolCallContext = {
      endpoint,
      who: `role ${JSON.stringify(turn.role)}, episode ${JSON.stringify(turn.episodeId)}, turn ${turn.turn}`,
      signal: AbortSignal.any([turn.signal, timeout]),
      deadline: { signal: timeout, ms: timeoutMs },
      policy,
      headers,
    };
    const additional_input = {
      faultline: { episode: turn.episodeId, role: turn.role, turn: turn.turn, mcp: { url: turn.mcp.url } },
      data: turn.data,
    };
    let taskId = turn.turn === 0 ? undefined : tasks.get(key);
    const fresh = taskId === undefined;
    if (taskId === undefined) {
      taskId = await createTask({ input: turn.text, additional_input }, context);
      tasks.set(key, taskId);
    }
    const step = await runStep(taskId, { input: fresh ? null : turn.text, additional_input }, context);
    const data = step.additional_output;
    return { text: step.output ?? '', data: data === null || data === undefined ? [] : [data] };
  };

  return {
    protocol: 'agent-protocol',
    endpoint,
    send,
    close: () => {
      tasks.clear();
      return Promise.resolve();
    },
  };
}
