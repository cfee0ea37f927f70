/**
 * A real `redis-server` (Debian's package; `.ci/run` installs it) on 127.0.0.1 at a free port,
 * with its data in a temporary directory, for the tests of runs on a queue. No mock: BullMQ's Lua
 * scripts, blocking commands and reconnects are what those tests are about. A missing
 * `redis-server` fails the test that asked for it, with the command that installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running redis-server and how to stop, kill or restart it. */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT/0`. */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGKILL: nothing is saved beyond what AOF already wrote) and waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory (the AOF is replayed when on). */
  restart(): Promise<void>;
  /** Stops it for good and removes its data directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Append-only file on, synced on every write, so a kill loses nothing. @defaultValue false */
  readonly aof?: boolean;
}

const BINARY = process.env.FAULTLINE_REDIS_SERVER ?? 'redis-server';

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function assertInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `This test needs a real redis-server, and "${BINARY}" could not run (${probe.error?.message ?? probe.stderr}). Install it with \`apt-get install -y redis-server\` (.ci/run does), or set FAULTLINE_REDIS_SERVER to its path.`,
    );
}

/** Starts redis-server on a free port; resolves once it accepts connections. */
export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  assertInstalled();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    '--appendfsync',
    'always',
    // BullMQ's advice for a queue: never evict a job to make room.
    '--maxmemory-policy',
    'noeviction',
  ];
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    const started = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', onData);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`));
      });
    });
    started.stdout?.removeAllListeners('data');
    started.stderr?.removeAllListeners('data');
    started.stdout?.resume();
    started.stderr?.resume();
    started.removeAllListeners('exit');
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    restart: launch,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
