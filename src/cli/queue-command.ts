/**
 * `faultline queue status URL`: what is going on on a queue — its jobs, the runs coordinated on
 * it and the workers serving it — as tables or JSON; `faultline queue cancel URL RUN` withdraws a
 * run that will not be resumed. A Redis that does not answer is a clear
 * error within `--timeout` seconds (exit 1), never a command that waits forever.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { terminalTableOptions } from '../report/terminal.js';
import { UnavailableError } from '../core/errors.js';
import { parseQueueUrl, redactedUrl } from '../queue/redis-url.js';
import { EXIT } from './exit-codes.js';

/** The default of `--timeout`, in seconds. */
const DEFAULT_TIMEOUT_S = 5;

function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(flag, value, 'a number of seconds > 0', `pass e.g. ${flag} 5`);
    return n;
  };
}

/** Adds the `queue` command (and its `status` subcommand) to the program. */
export function registerQueueCommand(program: Command): void {
  const queue = program
    .command('queue')
    .description('Look at a queue of distributed runs (`faultline run --queue URL`, `faultline worker --queue URL`).');
  queue
    .command('status')
    .description(
      "Show a queue's jobs (waiting, active, delayed, completed but not yet harvested, failed), its runs with their progress and jobs, and its live workers with their throughput.",
    )
    .argument('<url>', 'the Redis URL of the queue: redis://[[user]:password@]host[:port][/db] (rediss:// for TLS)')
    .option('--json', 'print the status as JSON: {"at","jobs","runs":[…],"workers":[…]}')
    .option('--timeout <s>', 'give up when Redis does not answer within this many seconds', seconds('--timeout'))
    .option('--wide', "print every column of the tables, whatever the terminal's width")
    .action(async (value: string, opts: { json?: boolean; timeout?: number; wide?: boolean }) => {
      const url = parseQueueUrl(value, 'URL');
      // Loaded here: every other command starts without BullMQ and ioredis.
      const { connect, withDeadline } = await import('../queue/connection.js');
      const { formatQueueStatus, readQueueStatus } = await import('../queue/status.js');
      const redis = connect(url, 'faultline-queue-status');
      try {
        const status = await withDeadline(
          readQueueStatus(redis),
          (opts.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
          url,
          'reading the queue status',
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        else
          process.stdout.write(
            `Queue ${redactedUrl(url.url)}\n\n${formatQueueStatus(status, terminalTableOptions(opts))}\n`,
          );
      } catch (e) {
        // An unreachable queue is a failure to do the job, not a usage error (exit 1, not 2).
        if (!(e instanceof UnavailableError)) throw e;
        process.stderr.write(`faultline: ${e.message}\n`);
        process.exitCode = EXIT.failed;
      } finally {
        // disconnect, not quit: quit would wait for a Redis that may not be answering.
        redis.disconnect();
      }
    });
  queue
    .command('cancel')
    .description(
      'Withdraw a run from a queue: remove its jobs not started, its results not collected and its failed jobs (for a run that will not be resumed; jobs running now finish — cancel again to remove them).',
    )
    .argument('<url>', 'the Redis URL of the queue')
    .argument('<run>', 'the run id, as `faultline queue status` lists it')
    .option('--timeout <s>', 'give up when Redis does not answer within this many seconds', seconds('--timeout'))
    .action(async (value: string, runId: string, opts: { timeout?: number }) => {
      const url = parseQueueUrl(value, 'URL');
      const { connect, withDeadline } = await import('../queue/connection.js');
      const { assertRunId, cancelRun } = await import('../queue/cancel.js');
      assertRunId(runId);
      const redis = connect(url, 'faultline-queue-cancel');
      try {
        const outcome = await withDeadline(
          cancelRun(redis, runId),
          (opts.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
          url,
          'cancelling the run',
        );
        process.stdout.write(
          `Run ${runId}: ${outcome.removed} job${outcome.removed === 1 ? '' : 's'} removed${outcome.active > 0 ? `; ${outcome.active} still running on workers (they finish: cancel again to remove them)` : ''}.\n`,
        );
      } catch (e) {
        if (!(e instanceof UnavailableError)) throw e;
        process.stderr.write(`faultline: ${e.message}\n`);
        process.exitCode = EXIT.failed;
      } finally {
        redis.disconnect();
      }
    });
}
