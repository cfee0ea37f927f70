/**
 * `faultline worker`: serves the episode jobs of runs on a queue (`faultline run --queue URL`),
 * on this machine, until stopped:
 *
 *     faultline worker --queue redis://HOST:6379/0 --concurrency 4 --import ./my-team.ts
 *
 * Start any number, on any machines that reach the Redis server. Model API keys come from each
 * worker's own environment, never from the queue. Ctrl-C or SIGTERM finishes the episodes in
 * flight and stops; a second Ctrl-C stops at once (those episodes run again on another worker).
 */
import type { Command } from 'commander';
import { redactedUrl } from '../queue/redis-url.js';
import { positiveInt, repeated, splitList } from './arg-parsers.js';
import { InvalidArgumentError } from '../core/errors.js';

interface WorkerCommandOptions {
  queue: string;
  concurrency: number;
  import: string[];
  teamCmd: string[];
  baseUrl: string[];
  apiKeyEnv: string[];
  name?: string;
  stalledAfter: number;
  exitWhenIdle?: number;
  quiet?: boolean;
}

/** A flag of whole seconds in 1..max. */
function wholeSeconds(flag: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > max)
      throw new InvalidArgumentError(flag, value, `whole seconds in 1..${max}`, `pass e.g. ${flag} 30`);
    return n;
  };
}

/** Adds `faultline worker` to the program. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run the episodes of runs on a queue (faultline run --queue URL) until stopped; start any number, on any machines',
    )
    .requiredOption('--queue <url>', 'the Redis URL of the queue, e.g. redis://127.0.0.1:6379/0')
    .option(
      '--concurrency <n>',
      'episodes at once (raise it for teams that await model calls; start one worker per core for CPU-bound teams)',
      positiveInt('--concurrency'),
      1,
    )
    .option(
      '--import <modules>',
      "modules that register custom teams or envs: the same files as the run's --import (checked by content), comma-separated",
      splitList,
      [],
    )
    .option(
      '--team-cmd <command>',
      "an agent program this worker may start for a run's command team, exactly as the run names it (--team-cmd, a team file's commands); repeat for several. Without it no command team runs here: a job naming a program the worker was not given is refused",
      repeated,
      [],
    )
    .option(
      '--base-url <url>',
      "a model endpoint this worker may send its API keys to, besides its OPENAI_BASE_URL (else OpenAI's): the run's --base-url or a team file's baseUrl; repeat for several. A job whose teams call another is refused",
      repeated,
      [],
    )
    .option(
      '--api-key-env <name>',
      "an environment variable this worker may send as a model API key, besides OPENAI_API_KEY: a team file's apiKeyEnv; repeat for several. A job whose teams name another is refused",
      repeated,
      [],
    )
    .option('--name <id>', 'the worker id shown by `faultline queue status` (default HOST-PID)')
    .option(
      '--stalled-after <seconds>',
      "seconds without a sign of life after which another worker takes this worker's episodes over (all workers of a queue should agree)",
      wholeSeconds('--stalled-after', 3600),
      30,
    )
    .option(
      '--exit-when-idle <seconds>',
      'stop once the queue has had no job for this worker for this long (batch machines, CI)',
      wholeSeconds('--exit-when-idle', 86_400),
    )
    .option('-q, --quiet', 'print only errors: no line per episode')
    .action(async (opts: WorkerCommandOptions) => {
      const { startQueueWorker } = await import('../queue/queue-worker.js');
      // A worker started before its Redis (a compose file, a reboot) waits for it, saying so.
      const waiting = setTimeout(
        () =>
          process.stderr.write(
            `faultline worker: waiting for the queue at ${redactedUrl(opts.queue)} (is redis-server running there?)...\n`,
          ),
        3000,
      );
      const worker = await startQueueWorker({
        url: opts.queue,
        concurrency: opts.concurrency,
        imports: opts.import,
        teamCommands: opts.teamCmd,
        baseUrls: opts.baseUrl,
        apiKeyEnvs: opts.apiKeyEnv,
        stalledAfterSeconds: opts.stalledAfter,
        ...(opts.exitWhenIdle !== undefined ? { exitWhenIdleSeconds: opts.exitWhenIdle } : {}),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        onJob: (event) => {
          if (opts.quiet && event.ok) return;
          const line = `${event.ok ? 'done ' : 'FAIL '} ${event.episode} ${event.ok ? event.detail : `— ${event.detail}`} (${event.seconds.toFixed(2)} s)\n`;
          (event.ok ? process.stdout : process.stderr).write(line);
        },
      }).finally(() => clearTimeout(waiting));
      process.stderr.write(
        `faultline worker ${worker.id}: serving ${redactedUrl(opts.queue)} (concurrency ${opts.concurrency}${opts.import.length > 0 ? `, imports ${opts.import.join(', ')}` : ''}${opts.teamCmd.length > 0 ? `, agent programs ${opts.teamCmd.map((c) => JSON.stringify(c)).join(', ')}` : ''}${opts.baseUrl.length > 0 ? `, model endpoints ${opts.baseUrl.join(', ')}` : ''}). Ctrl-C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = () => {
          if (stopping) {
            // At once, without waiting on Redis (closing waits for it, and it may be gone): the
            // episodes in flight stall and another worker runs them again.
            process.stderr.write('Stopped at once: the episodes in flight run again on another worker.\n');
            process.exit(130);
          }
          stopping = true;
          process.stderr.write('Stopping: finishing the episodes in flight (Ctrl-C again to stop at once)...\n');
          void worker.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        void worker.idle.then(() => {
          if (stopping) return;
          stopping = true;
          process.stderr.write(`Idle for ${opts.exitWhenIdle} s: stopping.\n`);
          void worker.close().then(resolve);
        });
      });
    });
}
