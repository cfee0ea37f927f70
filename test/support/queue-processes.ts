/**
 * `faultline worker` and `faultline run` as the separate processes they are in production, for
 * the tests of runs on a queue: started from the checkout's bin, their output kept, killable with
 * any signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The checkout's `faultline` command. */
export const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');

/** A faultline process started by a test. */
export interface FaultlineProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr together). */
  output(): string;
  /** Resolves with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends `signal` (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves once its output matches `pattern`; rejects after `ms` or if it exits first. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
}

/** Starts `faultline ...args` with `env` added to this process's environment. */
export function startFaultline(args: readonly string[], env: Record<string, string> = {}): FaultlineProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    waitFor: (pattern, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no output matching ${pattern} within ${ms} ms; output so far:\n${text}`));
        }, ms);
        void exited.then((code) => {
          if (pattern.test(text)) return;
          cleanup();
          reject(new Error(`the process exited (code ${code}) before printing ${pattern}; output:\n${text}`));
        });
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Starts `count` workers on the queue at `url` (named w1, w2, …) and waits until each serves. */
export async function startWorkers(
  url: string,
  count: number,
  extra: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<FaultlineProcess[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    startFaultline(['worker', '--queue', url, '--name', `w${i + 1}`, ...extra], env),
  );
  await Promise.all(workers.map((w) => w.waitFor(/serving redis:/)));
  return workers;
}
