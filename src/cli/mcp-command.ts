/**
 * `faultline mcp`: serves episodes as an MCP server, for any MCP host (a coding agent, a desktop
 * assistant, a custom harness). Over stdio (the default) it serves one episode:
 *
 *     faultline mcp --env filesystem/rename-symbol-v1 --seed 0 --perturb production --out runs/mcp
 *
 * The session plays the whole team (each call acts as the role that holds control) or, with
 * `--role`, one role. stdout carries the protocol only; what the server has to say goes to
 * stderr. When the episode ends it is written to `--out` like any run's episode.
 *
 * With `--http PORT` it serves Streamable HTTP on 127.0.0.1: a fresh episode per session at
 * `/mcp`, team episodes opened with `POST /episodes` and joined per role at `/mcp/EPISODE/ROLE`;
 * every episode that ends is added to the run directory `--out`, until SIGINT or SIGTERM.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type * as McpServerModule from '../serve/mcp/index.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertOutGiven } from '../run/held-run.js';
import { spec } from '../core/registry.js';
import { importUrls, resolveProfile } from '../run/runner.js';
import { importModule } from '../run/setup.js';
import { HostedRun } from '../serve/hosted-run.js';
import { DEFAULT_MAX_ACTION_BYTES } from '../team/action-size.js';
import type { EpisodeResult } from '../team/episode.js';
import { wholeNumber } from './llm-options.js';
import { OTEL_FLAG_HELP, startRunTraces, type RunTraces } from './otel-command.js';
import { WORLD_SIZE_HELP, worldSizeArg } from './arg-parsers.js';

interface McpCommandOptions {
  env?: string;
  seed: number;
  perturb: string;
  trial?: number;
  worldSize?: number;
  role?: string;
  view: string;
  maxSteps?: number;
  controlTimeout: number;
  out?: string;
  import: string[];
  http?: number;
  host?: string;
  maxEpisodes: number;
  idleTimeout: number;
  resume?: boolean;
  overwrite?: boolean;
  otel?: string | true;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Adds `faultline mcp` to the program. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description(
      "Serve episodes as an MCP server: the world's tools with their JSON Schemas, the team actions (handoff, ask, wait, finish) and the task as a prompt and a resource. One episode over stdio (the default), or many over Streamable HTTP with --http.",
    )
    .option(
      '--env <id>',
      'the env to serve, e.g. filesystem/rename-symbol-v1 (over HTTP: the default of /mcp sessions)',
    )
    .option('--seed <n>', 'the episode seed', wholeNumber('--seed', 0, 2 ** 32 - 1, 0), 0)
    .option('--perturb <profile>', 'the perturbation profile', 'clean')
    .option('--world-size <size>', WORLD_SIZE_HELP, worldSizeArg)
    .option(
      '--trial <n>',
      'the attempt number (a fresh draw of the faults); stdio only',
      wholeNumber('--trial', 0, 1_000_000, 0),
    )
    .option(
      '--role <id>',
      'act for this role only (default: the whole team, as whichever role holds control); stdio only',
    )
    .option('--view <view>', 'team (every role) or single (one role with every tool)', 'team')
    .option('--max-steps <n>', "override the env's step limit", wholeNumber('--max-steps', 1, 1_000_000, 100))
    .option(
      '--control-timeout <ms>',
      'how long a call waits for its role to get control',
      wholeNumber('--control-timeout', 1, 86_400_000, 60000),
      60000,
    )
    .option('--out <dir>', 'write episodes, as they end, to this new run directory')
    .option(
      '--resume',
      'add to the run directory --out already holds (over stdio, a repeated env and seed becomes the next trial)',
      false,
    )
    .option('--overwrite', 'start over in an --out that holds a run, deleting its records')
    .option('--import <module...>', 'modules that register custom envs', [])
    .option('--otel [url]', OTEL_FLAG_HELP)
    .option(
      '--http <port>',
      'serve Streamable HTTP on this port (0: a free one, printed) instead of stdio',
      wholeNumber('--http', 0, 65535, 8808),
    )
    .option(
      '--host <address>',
      'with --http: the interface to listen on (default 127.0.0.1; the server has no authentication, so another address exposes every episode to whoever reaches it: your choice)',
    )
    .option(
      '--max-episodes <n>',
      'with --http: live episodes at once; one more is refused (HTTP 503)',
      wholeNumber('--max-episodes', 1, 100_000, 64),
      64,
    )
    .option(
      '--idle-timeout <seconds>',
      'with --http: end an episode no request touched for this long (agent_error "idle")',
      wholeNumber('--idle-timeout', 1, 86_400, 300),
      300,
    )
    .action(async (opts: McpCommandOptions) => {
      for (const url of importUrls(opts.import)) await importModule(url);
      if (opts.view !== 'team' && opts.view !== 'single')
        throw new InvalidArgumentError('--view', opts.view, 'team or single', 'pass --view single');
      if (opts.http !== undefined) return serveHttp(opts, opts.http);
      if (opts.host !== undefined)
        throw new InvalidArgumentError('--host', opts.host, 'used with --http only', 'add --http PORT or drop it');
      return serveStdio(opts);
    });
}

/**
 * The MCP server, imported when this command runs rather than when `faultline` starts: the MCP SDK
 * (with its JSON-schema validator and HTTP stack) was the largest part of the start-up of every
 * command, `faultline run` included, which never serves MCP.
 */
function mcpServer(): Promise<typeof McpServerModule> {
  return import('../serve/mcp/index.js');
}

/** One episode over stdio. */
async function serveStdio(opts: McpCommandOptions): Promise<void> {
  const [{ EpisodeHost, createMcpSession }, { StdioServerTransport }] = await Promise.all([
    mcpServer(),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
  ]);
  if (opts.env === undefined)
    throw new InvalidArgumentError(
      '--env',
      undefined,
      'the env to serve over stdio',
      'pass e.g. --env filesystem/rename-symbol-v1',
    );
  const env = spec(opts.env).id;
  const perturb = resolveProfile(opts.perturb, [env]);
  const run = openRun(opts);
  const traces = await openTraces(opts);
  const sized = opts.worldSize === undefined ? {} : { worldSize: opts.worldSize };
  // Recording to a run directory: without --trial, an env and seed played there before get the
  // next trial, so repeated sessions of an MCP client add up to pass^k.
  const trial = run
    ? run.reserve({
        envId: env,
        team: 'mcp',
        seed: opts.seed,
        ...sized,
        ...(opts.trial !== undefined ? { trial: opts.trial } : {}),
      })
    : (opts.trial ?? 0);
  const host = EpisodeHost.open({
    env,
    seed: opts.seed,
    perturb,
    trial,
    ...sized,
    view: opts.view as 'team' | 'single',
    controlTimeoutMs: opts.controlTimeout,
    ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
  });
  const server = createMcpSession(host, opts.role === undefined ? {} : { role: opts.role });
  const written = host.result.then((result) => {
    const where = run ? run.record(result, host.maxSteps) : null;
    run?.close();
    if (where) traces?.episode(where);
    process.stderr.write(
      `faultline mcp: ${endedLine(result)}${where ? `; written to ${join(opts.out ?? '', where.trajectoryFile)}` : ''}\n`,
    );
  });
  const closed = new Promise<void>((resolve) => {
    const previous = server.server.onclose;
    server.server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  const transport = new StdioServerTransport();
  // The transport does not watch for the end of stdin: a client that closes it has left.
  process.stdin.once('end', () => void transport.close());
  await server.connect(transport);
  process.stderr.write(
    `faultline mcp: serving ${opts.env} seed ${opts.seed} (${opts.perturb}) over stdio${opts.role ? ` as ${opts.role}` : ''}\n`,
  );
  await closed;
  host.close('the MCP client closed the session before the episode ended');
  await written;
  await traces?.finish();
}

/** With `--otel`: the export of the episodes recorded into `--out` (checked before serving). */
async function openTraces(opts: McpCommandOptions): Promise<RunTraces | null> {
  return opts.otel === undefined ? null : startRunTraces(opts.otel, opts.out);
}

/** The run directory `--out` names (continued with `--resume`), or null without `--out`. */
function openRun(opts: McpCommandOptions): HostedRun | null {
  assertOutGiven(opts.out, { '--resume': opts.resume, '--overwrite': opts.overwrite });
  return opts.out
    ? HostedRun.open(opts.out, {
        resume: opts.resume ?? false,
        overwrite: opts.overwrite ?? false,
        holder: 'faultline mcp',
        maxSteps: opts.maxSteps ?? null,
        maxActionBytes: DEFAULT_MAX_ACTION_BYTES,
      })
    : null;
}

/** Many episodes over Streamable HTTP, until SIGINT or SIGTERM. */
async function serveHttp(opts: McpCommandOptions, port: number): Promise<void> {
  if (opts.role !== undefined)
    throw new InvalidArgumentError(
      '--role',
      opts.role,
      'stdio only',
      'over HTTP, connect to /mcp/EPISODE/ROLE for one role',
    );
  if (opts.trial !== undefined)
    throw new InvalidArgumentError(
      '--trial',
      opts.trial,
      'stdio only',
      'over HTTP, give ?trial=N per session (or let the run pick the next free one)',
    );
  const host = opts.host ?? '127.0.0.1';
  const env = opts.env === undefined ? undefined : spec(opts.env).id;
  const perturb = env === undefined ? opts.perturb : resolveProfile(opts.perturb, [env]);
  const run = openRun(opts);
  const traces = await openTraces(opts);
  const { startMcpHttpServer } = await mcpServer();
  const server = await startMcpHttpServer({
    host,
    port,
    maxEpisodes: opts.maxEpisodes,
    idleTimeoutMs: opts.idleTimeout * 1000,
    run,
    defaults: {
      ...(env !== undefined ? { env } : {}),
      seed: opts.seed,
      perturb,
      ...(opts.worldSize !== undefined ? { worldSize: opts.worldSize } : {}),
      view: opts.view as 'team' | 'single',
      controlTimeoutMs: opts.controlTimeout,
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
    },
    onProblem: (message) => process.stderr.write(`faultline mcp: ${message}\n`),
    onEpisodeEnd: (result, record) => {
      process.stderr.write(
        `faultline mcp: ${endedLine(result)}${record && opts.out ? `; written to ${join(opts.out, record.trajectoryFile)}` : ''}\n`,
      );
      if (record) traces?.episode(record);
    },
  });
  const { url } = server;
  if (!LOOPBACK.has(host))
    process.stderr.write(
      `faultline mcp: WARNING: listening on ${host}, not loopback: anyone who reaches it can play and end episodes.\n`,
    );
  process.stderr.write(
    `faultline mcp: listening on ${url} — a fresh episode per session at ${url}/mcp${env ? '' : '?env=ID'} (query: env, seed, perturb, trial, variant, view); team episodes: POST ${url}/episodes, then ${url}/mcp/EPISODE/ROLE; state: GET ${url}/episodes/EPISODE; ${opts.out ? `recording to ${opts.out}; ` : ''}Ctrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write('faultline mcp: stopping; unfinished episodes end as agent_error "server stopped".\n');
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  run?.close();
  await traces?.finish();
  process.stderr.write(
    `faultline mcp: stopped${run ? `; ${run.recorded.length} episodes in ${opts.out ?? ''}` : ''}.\n`,
  );
}

function endedLine(result: EpisodeResult): string {
  return `episode ended: ${result.outcome}, score ${result.score}, ${result.steps} steps, digest ${result.digest} (${result.envId} seed ${result.seed} trial ${result.trial})`;
}
