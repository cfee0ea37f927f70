/**
 * Test support: a scripted Agent Protocol agent — a real HTTP server (node:http) on 127.0.0.1
 * serving the spec's task and step endpoints under /ap/v1/agent, whose steps follow a script:
 *
 * - `oracle`: each step plays the role's next oracle turn through the MCP URL the step's
 *   `additional_input.faultline.mcp.url` names, then answers "done";
 * - `json`: each step answers the next of `actions` as `{ action }` in `additional_output` (and as
 *   JSON text in `output`), for an agent without an MCP client;
 * - `garbage`: each step answers text that is no action at all;
 * - `slow`: each step is answered `running` and completes after `slowPolls` polls of GET step;
 * - `hang`: tasks are created, steps are never answered;
 * - `error500`: every request is answered HTTP 500;
 * - `bad-json`: every request is answered 200 with a body that is not JSON;
 * - `no-task-id`: a created task is answered without its `task_id`.
 *
 * Every request is recorded in `seen` (method, path, parsed body), for tests to assert on what
 * the agent was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Action } from '../../src/team/actions.js';
import { oracleTurns, playTurnOverMcp } from './oracle-script.js';

/** How the scripted agent answers. */
export type ScriptedMode = 'oracle' | 'json' | 'garbage' | 'slow' | 'hang' | 'error500' | 'bad-json' | 'no-task-id';

/** The scripted agent's settings. */
export interface ScriptedAgentOptions {
  readonly mode: ScriptedMode;
  /** `oracle` mode: the episode whose oracle turns are played (the role comes with each task). */
  readonly oracle?: { readonly env: string; readonly seed: number };
  /** `json` mode: the actions answered, one per step, in order. */
  readonly actions?: readonly unknown[];
  /** `slow` mode: GETs of a step answered `running` before it is `completed`. @defaultValue 2 */
  readonly slowPolls?: number;
  /** Any mode: the first `count` requests are answered HTTP `status` (500 unless given), asking for `retryAfterMs` when given (a flaky or rate-limited agent). */
  readonly failFirst?: { readonly count: number; readonly status?: number; readonly retryAfterMs?: number };
}

/** A request the agent received. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A running scripted agent. */
export interface ScriptedAgent {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every request received, in order. */
  readonly seen: readonly SeenRequest[];
  /** Tasks created, by id. */
  readonly tasks: ReadonlyMap<string, ScriptedTask>;
  /** Forgets every task, as an agent that restarted does. */
  forgetTasks(): void;
  /** Stops listening and drops every open connection (a hanging step included). */
  close(): Promise<void>;
}

/** A task the agent holds. */
export interface ScriptedTask {
  readonly task_id: string;
  readonly input: string | null;
  readonly additional_input: Record<string, unknown>;
  readonly steps: Record<string, unknown>[];
  /** Steps answered so far (the script's cursor). */
  cursor: number;
}

const PREFIX = '/ap/v1/agent/tasks';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pagination(total: number): Record<string, number> {
  return { total_items: total, total_pages: 1, current_page: 1, page_size: Math.max(total, 1) };
}

/** Starts a scripted agent on a free port of 127.0.0.1. */
export async function startScriptedAgent(options: ScriptedAgentOptions): Promise<ScriptedAgent> {
  const seen: SeenRequest[] = [];
  const tasks = new Map<string, ScriptedTask>();
  const turnsByRole = new Map<string, Promise<Action[][]>>();
  let requests = 0;

  const oracleTurnsOf = (role: string): Promise<Action[][]> => {
    const { oracle } = options;
    if (!oracle) throw new Error('oracle mode needs options.oracle');
    let turns = turnsByRole.get(role);
    if (!turns) {
      turns = oracleTurns({ env: oracle.env, seed: oracle.seed, role });
      turnsByRole.set(role, turns);
    }
    return turns;
  };

  /** The script's answer for the next step of `task`: output and additional_output. */
  const script = async (task: ScriptedTask, stepAdditional: Record<string, unknown>) => {
    const n = task.cursor++;
    switch (options.mode) {
      case 'oracle': {
        const faultline = record(stepAdditional['faultline']);
        const role = String(faultline['role']);
        const url = String(record(faultline['mcp'])['url']);
        const turn = (await oracleTurnsOf(role))[n];
        if (!turn) return { output: `no oracle turn ${n} for ${role}`, additional_output: null };
        await playTurnOverMcp(url, turn);
        return { output: 'done', additional_output: null };
      }
      case 'json': {
        const action = options.actions?.[n];
        return { output: JSON.stringify(action ?? null), additional_output: { action: action ?? null } };
      }
      default:
        return { output: '¯\\_(ツ)_/¯ lorem ipsum, no action here {', additional_output: null };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? '';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = await readBody(req);
    seen.push({ method, path, body });
    requests++;
    if (options.mode === 'error500') {
      send(res, 500, { message: 'scripted failure' });
      return;
    }
    const fail = options.failFirst;
    if (fail && requests <= fail.count) {
      if (fail.retryAfterMs !== undefined) res.setHeader('retry-after-ms', String(fail.retryAfterMs));
      send(res, fail.status ?? 500, { message: 'scripted failure' });
      return;
    }
    if (options.mode === 'bad-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"task_id": "t-1", "artifacts": [');
      return;
    }
    if (!path.startsWith(PREFIX)) {
      send(res, 404, { message: `nothing at ${path}` });
      return;
    }
    const parts = path
      .slice(PREFIX.length)
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    const request = record(body);
    if (parts.length === 0 && method === 'POST') {
      const task: ScriptedTask = {
        task_id: `task-${tasks.size + 1}`,
        input: typeof request['input'] === 'string' ? request['input'] : null,
        additional_input: record(request['additional_input']),
        steps: [],
        cursor: 0,
      };
      tasks.set(task.task_id, task);
      const { steps: _steps, cursor: _cursor, ...wire } = task;
      if (options.mode === 'no-task-id') {
        const { task_id: _id, ...without } = wire;
        send(res, 200, { ...without, artifacts: [] });
        return;
      }
      send(res, 200, { ...wire, artifacts: [] });
      return;
    }
    if (parts.length === 0 && method === 'GET') {
      const list = [...tasks.values()].map(({ steps: _s, cursor: _c, ...wire }) => ({ ...wire, artifacts: [] }));
      send(res, 200, { tasks: list, pagination: pagination(list.length) });
      return;
    }
    const task = tasks.get(parts[0] ?? '');
    if (!task) {
      send(res, 404, { message: `Unable to find task ${JSON.stringify(parts[0])}` });
      return;
    }
    if (parts.length === 1 && method === 'GET') {
      const { steps: _s, cursor: _c, ...wire } = task;
      send(res, 200, { ...wire, artifacts: [] });
      return;
    }
    if (parts[1] === 'artifacts' && parts.length === 2 && method === 'GET') {
      send(res, 200, { artifacts: [], pagination: pagination(0) });
      return;
    }
    if (parts[1] !== 'steps') {
      send(res, 404, { message: `nothing at ${path}` });
      return;
    }
    if (parts.length === 2 && method === 'GET') {
      send(res, 200, { steps: task.steps, pagination: pagination(task.steps.length) });
      return;
    }
    if (parts.length === 2 && method === 'POST') {
      if (options.mode === 'hang') return; // never answered: the client's deadline must end the turn
      const stepAdditional = record(request['additional_input']);
      const step: Record<string, unknown> = {
        task_id: task.task_id,
        step_id: `${task.task_id}-step-${task.steps.length + 1}`,
        name: `step ${task.steps.length + 1}`,
        input: typeof request['input'] === 'string' ? request['input'] : null,
        additional_input: stepAdditional,
        status: options.mode === 'slow' ? 'running' : 'completed',
        output: null,
        additional_output: null,
        artifacts: [],
        is_last: false,
        polls: 0,
      };
      task.steps.push(step);
      if (options.mode !== 'slow') Object.assign(step, await script(task, stepAdditional));
      send(res, 200, step);
      return;
    }
    if (parts.length === 3 && method === 'GET') {
      const step = task.steps.find((s) => s['step_id'] === parts[2]);
      if (!step) {
        send(res, 404, { message: `Unable to find step ${JSON.stringify(parts[2])}` });
        return;
      }
      if (step['status'] !== 'completed') {
        const polls = Number(step['polls']) + 1;
        step['polls'] = polls;
        if (polls > (options.slowPolls ?? 2))
          Object.assign(step, { status: 'completed', output: 'done', additional_output: { polls } });
      }
      send(res, 200, step);
      return;
    }
    send(res, 405, { message: `${method} is not served at ${path}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { message: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    tasks,
    forgetTasks: () => tasks.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
