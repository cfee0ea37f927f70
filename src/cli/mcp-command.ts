/**
 * `faultline mcp`: serves one episode over stdio as an MCP server, for any MCP host (a coding
 * agent, a desktop assistant, a custom harness):
 *
 *     faultline mcp --env filesystem/rename-symbol-v1 --seed 0 --perturb production --out runs/mcp
 *
 * The session plays the whole team (each call acts as the role that holds control) or, with
 * `--role`, one role. stdout carries the protocol only; what the server has to say goes to
 * stderr. When the episode ends it is written to `--out` like any run's episode.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InvalidArgumentError } from '../core/errors.js';
import { importUrls, resolveProfile } from '../run/runner.js';
import { importModule } from '../run/setup.js';
import { EpisodeHost, createMcpSession, writeHostedRun } from '../serve/mcp/index.js';

interface McpCommandOptions {
  env: string;
  seed: string;
  perturb: string;
  trial: string;
  role?: string;
  view: string;
  maxSteps?: string;
  controlTimeout: string;
  out?: string;
  import: string[];
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new InvalidArgumentError(flag, value, `a whole number from ${min} to ${max}`, `pass e.g. ${flag} ${min}`);
  return n;
}

/** Adds `faultline mcp` to the program. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description(
      "Serve one episode as an MCP server over stdio: the world's tools with their JSON Schemas, the team actions (handoff, ask, wait, finish) and the task as a prompt and a resource.",
    )
    .requiredOption('--env <id>', 'the env to serve, e.g. filesystem/rename-symbol-v1')
    .option('--seed <n>', 'the episode seed', '0')
    .option('--perturb <profile>', 'the perturbation profile', 'clean')
    .option('--trial <n>', 'the attempt number (a fresh draw of the faults)', '0')
    .option('--role <id>', 'act for this role only (default: the whole team, as whichever role holds control)')
    .option('--view <view>', 'team (every role) or single (one role with every tool)', 'team')
    .option('--max-steps <n>', "override the env's step limit")
    .option('--control-timeout <ms>', 'how long a call waits for its role to get control', '60000')
    .option('--out <dir>', 'write the episode, when it ends, to this new run directory')
    .option('--import <module...>', 'modules that register custom envs', [])
    .action(async (opts: McpCommandOptions) => {
      for (const url of importUrls(opts.import)) await importModule(url);
      if (
        opts.out !== undefined &&
        (existsSync(join(opts.out, 'episodes.jsonl')) || existsSync(join(opts.out, 'run.json')))
      )
        throw new InvalidArgumentError('--out', opts.out, 'a directory without a run in it', 'pass a new directory');
      if (opts.view !== 'team' && opts.view !== 'single')
        throw new InvalidArgumentError('--view', opts.view, 'team or single', 'pass --view single');
      const startedAt = new Date();
      const host = EpisodeHost.open({
        env: opts.env,
        seed: wholeNumber('--seed', opts.seed, 0, 2 ** 32 - 1),
        perturb: resolveProfile(opts.perturb, [opts.env]),
        trial: wholeNumber('--trial', opts.trial, 0, 1_000_000),
        view: opts.view,
        controlTimeoutMs: wholeNumber('--control-timeout', opts.controlTimeout, 1, 86_400_000),
        ...(opts.maxSteps !== undefined ? { maxSteps: wholeNumber('--max-steps', opts.maxSteps, 1, 1_000_000) } : {}),
      });
      const server = createMcpSession(host, opts.role === undefined ? {} : { role: opts.role });
      const written = host.result.then((result) => {
        const where = opts.out ? writeHostedRun(opts.out, host, result, startedAt) : null;
        process.stderr.write(
          `faultline mcp: episode ended: ${result.outcome}, score ${result.score}, ${result.steps} steps, digest ${result.digest}${where ? `; written to ${join(opts.out ?? '', where.trajectoryFile)}` : ''}\n`,
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
    });
}
