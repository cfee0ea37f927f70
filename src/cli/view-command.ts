/**
 * `faultline view DIR`: serves a run directory's report (written first if it is missing) and the
 * files it links to on 127.0.0.1, until Ctrl-C.
 *
 *     faultline view runs/latest            # http://127.0.0.1:PORT/ (a free port)
 *     faultline view runs/latest --port 8080 --open
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { serveRunDir, type RunDirServer } from './view-server.js';

/** Where `view` prints: a stream, or anything that takes text and says whether it is a terminal. */
export interface ViewOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Options of {@link startView}. */
export interface ViewOptions {
  /** 0: a free port. @defaultValue 0 */
  readonly port?: number;
  /** Try to open the URL in a browser. @defaultValue false */
  readonly open?: boolean;
  /** Where the URL and notes go. @defaultValue process.stdout */
  readonly out?: ViewOutput;
}

/** `--port`: a whole number in 0..65535. */
export function portFlag(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 65535)
    throw new InvalidArgumentError(
      '--port',
      value,
      'a whole number in 0..65535',
      'pass e.g. --port 8080, or leave it out to take a free port',
    );
  return n;
}

/**
 * Checks that `dir` is a run directory (or at least holds a report), writes `report.html` when
 * it is missing, starts the server and prints its URL. The caller closes the server.
 */
export async function startView(dir: string, options: ViewOptions = {}): Promise<RunDirServer> {
  const out = options.out ?? process.stdout;
  const abs = resolve(dir);
  const runFiles = ['summary.json', 'episodes.jsonl'];
  const isDir = statSync(abs, { throwIfNoEntry: false })?.isDirectory() === true;
  const hasReport = isDir && existsSync(join(abs, 'report.html'));
  if (!hasReport) {
    const missing = isDir ? runFiles.filter((f) => !existsSync(join(abs, f))) : [];
    if (!isDir || missing.length > 0)
      throw new InvalidArgumentError(
        'DIR',
        dir,
        `a run directory written by \`faultline run --out DIR\` (${isDir ? `${abs} has no ${missing.join(' and no ')}` : `${abs} is not a directory`})`,
        'pass the --out directory of a finished run',
      );
    // Loaded only here: serving a report already written needs none of the report code.
    const { writeReport } = await import('../report/html/write.js');
    out.write(`Report: ${writeReport(abs)} (written: it was missing)\n`);
  }
  let server: RunDirServer;
  try {
    server = await serveRunDir(abs, options.port === undefined ? {} : { port: options.port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new InvalidArgumentError(
        '--port',
        options.port,
        code === 'EADDRINUSE' ? 'a port no other program listens on' : 'a port this user may listen on (1024 and up)',
        'pass another --port, or leave it out to take a free port',
      );
    throw e;
  }
  out.write(`Serving ${abs} at ${server.url}\n`);
  if (out.isTTY === true) out.write('Ctrl-C to stop\n');
  if (options.open) openBrowser(server.url, out);
  return server;
}

/** Opens `url` with the desktop's opener, if there is one; says so when there is none. */
function openBrowser(url: string, out: ViewOutput): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => out.write(`Could not open a browser (${command} is not available): open ${url} yourself\n`));
  child.unref();
}

/** Adds `faultline view DIR` to the program. */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description(
      "Serve a run directory's report (written first if missing) and its files on 127.0.0.1, and print the URL; Ctrl-C stops it.",
    )
    .argument('<dir>', 'a run directory written by `faultline run --out DIR`')
    .option('--port <n>', 'port to listen on (default: a free one)', portFlag)
    .option('--open', 'also open the URL in a browser, if one can be started')
    .action(async (dir: string, opts: { port?: number; open?: boolean }) => {
      const server = await startView(dir, {
        ...(opts.port === undefined ? {} : { port: opts.port }),
        open: opts.open === true,
      });
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
