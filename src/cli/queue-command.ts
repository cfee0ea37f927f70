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
import type { Redis } from 'ioredis';
import { parseQueueUrl, redactedUrl, type QueueUrl } from '../queue/redis-url.js';
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
      const { formatQueueStatus, readQueueStatus } = await import('../queue/status.js');
      await onQueue(value, opts.timeout, 'reading the queue status', async (redis, url) => {
        const status = await readQueueStatus(redis);
        return opts.json
          ? `${JSON.stringify(status, null, 2)}\n`
          : `Queue ${redactedUrl(url.url)}\n\n${formatQueueStatus(status, terminalTableOptions(opts))}\n`;
      });
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
      const { assertRunId, cancelRun } = await import('../queue/cancel.js');
      assertRunId(runId);
      await onQueue(value, opts.timeout, 'cancelling the run', async (redis) => {
        const outcome = await cancelRun(redis, runId);
        return `Run ${runId}: ${outcome.removed} job${outcome.removed === 1 ? '' : 's'} removed${outcome.active > 0 ? `; ${outcome.active} still running on workers (they finish: cancel again to remove them)` : ''}.\n`;
      });
    });
}

/**
 * Connects to the queue at `value`, prints what `work` returns, and turns a Redis that does not
 * answer within `timeoutS` into a clear error (exit 1: a failure to do the job, not a usage error).
 */
async function onQueue(
  value: string,
  timeoutS: number | undefined,
  what: string,
  work: (redis: Redis, url: QueueUrl) => Promise<string>,
): Promise<void> {
  const url = parseQueueUrl(value, 'URL');
  // Loaded here: every other command starts without BullMQ and ioredis.
  const { connect, withDeadline } = await import('../queue/connection.js');
  const redis = connect(url, 'faultline-queue');
  try {
    process.stdout.write(await withDeadline(work(redis, url), (timeoutS ?? DEFAULT_TIMEOUT_S) * 1000, url, what));
  } catch (e) {
    if (!(e instanceof UnavailableError)) throw e;
    process.stderr.write(`faultline: ${e.message}\n`);
    process.exitCode = EXIT.failed;
  } finally {
    // disconnect, not quit: quit would wait for a Redis that may not be answering.
    redis.disconnect();
  }
}
