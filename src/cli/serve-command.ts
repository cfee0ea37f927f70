/**
 * `faultline serve`: the OpenEnv-compatible env server for trainers. Any OpenEnv client (e.g.
 * `GenericEnvClient`) connects to `ws://HOST:PORT/ws`, resets with `{seed, env_id, perturb, view}`
 * and steps with faultline actions:
 *
 *     faultline serve --port 8000 --env filesystem/rename-symbol-v1
 *
 * With `--out DIR` every episode that ends is recorded into a run directory (`faultline report`,
 * `compare` and `replay` read it while the server runs); Ctrl-C or SIGTERM marks it complete.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { assertOutGiven } from '../run/held-run.js';
import { spec } from '../core/registry.js';
import { importUrls } from '../run/runner.js';
import { importModule } from '../run/setup.js';
import { OTEL_FLAG_HELP, startRunTraces } from './otel-command.js';
import { WORLD_SIZE_HELP, worldSizeArg } from './arg-parsers.js';

interface ServeOptions {
  port: string;
  host: string;
  env?: string;
  worldSize?: number;
  maxSessions: string;
  idleTimeout: string;
  maxMessageMb: string;
  maxBufferedMb: string;
  import: string[];
  out?: string;
  resume?: boolean;
  overwrite?: boolean;
  recordAbandoned?: boolean;
  otel?: string | true;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new InvalidArgumentError(flag, value, `a whole number from ${min} to ${max}`, `pass e.g. ${flag} ${min}`);
  return n;
}

/** Adds `faultline serve` to the program. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the envs over the OpenEnv protocol (WebSocket /ws; GET /health, /schema, /metadata): one env per connection, for trainers that speak OpenEnv.',
    )
    .option('--port <n>', 'port to listen on (0: a free one, printed)', '8000')
    .option('--host <address>', 'interface to listen on (0.0.0.0 inside a container)', '127.0.0.1')
    .option('--env <id>', 'the env a reset without env_id plays')
    .option('--world-size <size>', `the world size of a reset without world_size: ${WORLD_SIZE_HELP}`, worldSizeArg)
    .option('--max-sessions <n>', 'most connections at once; one more is answered CAPACITY_REACHED', '64')
    .option('--idle-timeout <seconds>', 'close a connection that sent nothing for this long', '300')
    .option('--max-message-mb <n>', 'largest WebSocket message accepted, in MiB', '16')
    .option(
      '--max-buffered-mb <n>',
      'close (1008) a connection whose unsent replies pass this many MiB: a client that stopped reading',
      '16',
    )
    .option('--import <module...>', 'modules that register custom envs', [])
    .option(
      '--out <dir>',
      'record every episode that ends into this run directory (report, compare and replay read it)',
    )
    .option('--resume', 'with --out: add to the run already in the directory')
    .option('--overwrite', 'with --out: start over in a directory that holds a run, deleting its records')
    .option(
      '--record-abandoned',
      'with --out: also record episodes a client leaves mid-way (reset, close, disconnect, idle) as agent_error',
    )
    .option('--otel [url]', OTEL_FLAG_HELP)
    .action(async (opts: ServeOptions) => {
      for (const url of importUrls(opts.import)) await importModule(url);
      assertOutGiven(opts.out, {
        '--resume': opts.resume,
        '--overwrite': opts.overwrite,
        '--record-abandoned': opts.recordAbandoned,
      });
      const defaultEnv = opts.env === undefined ? null : spec(opts.env).id;
      const traces = opts.otel === undefined ? null : await startRunTraces(opts.otel, opts.out);
      // Imported here, not at start-up: the WebSocket server is needed by this command alone.
      const { startOpenEnvServer } = await import('../serve/openenv/server.js');
      const server = await startOpenEnvServer({
        port: wholeNumber('--port', opts.port, 0, 65535),
        host: opts.host,
        defaultEnv,
        ...(opts.worldSize !== undefined ? { worldSize: opts.worldSize } : {}),
        maxSessions: wholeNumber('--max-sessions', opts.maxSessions, 1, 100_000),
        idleTimeoutMs: wholeNumber('--idle-timeout', opts.idleTimeout, 1, 86_400) * 1000,
        maxMessageBytes: wholeNumber('--max-message-mb', opts.maxMessageMb, 1, 1024) * 1024 * 1024,
        maxBufferedBytes: wholeNumber('--max-buffered-mb', opts.maxBufferedMb, 1, 4096) * 1024 * 1024,
        out:
          opts.out === undefined
            ? null
            : {
                dir: opts.out,
                resume: opts.resume === true,
                overwrite: opts.overwrite === true,
                recordAbandoned: opts.recordAbandoned === true,
                onError: (e) => process.stderr.write(`faultline serve: an episode was not recorded: ${e.message}\n`),
              },
      });
      process.stdout.write(
        `OpenEnv server: ${server.wsUrl} (health ${server.url}/health; default env ${defaultEnv ?? 'none: resets name env_id'}). Ctrl-C stops it.\n`,
      );
      if (server.run)
        process.stdout.write(
          `Recording episodes into ${server.run.dir}${server.run.recorded.length > 0 ? ` (resumed: ${server.run.recorded.length} recorded before)` : ''}.\n`,
        );
      // The server records episodes on its own; new records are picked up from its run once a second.
      let sent = server.run?.recorded.length ?? 0;
      const sendNew = () => {
        const recorded = server.run?.recorded ?? [];
        for (; sent < recorded.length; sent++) traces?.episode(recorded[sent] as (typeof recorded)[number]);
      };
      const poll = traces ? setInterval(sendNew, 1000).unref() : null;
      await new Promise<void>((resolve) => {
        const stop = () => {
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      if (poll) clearInterval(poll);
      sendNew();
      await traces?.finish();
      if (server.run)
        process.stdout.write(`Recorded ${server.run.recorded.length} episodes in ${server.run.dir} (complete).\n`);
    });
}
