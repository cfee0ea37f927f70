/**
 * `faultline run`: teams on envs over seeds, variants and trials, with workers, resume, shards,
 * model limits and traces.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { assertDeadlineMs } from '../team/deadline.js';
import { assertMaxActionBytes, DEFAULT_MAX_ACTION_BYTES, MIN_MAX_ACTION_BYTES } from '../team/action-size.js';
import { MAX_CONCURRENCY, runEvaluation } from '../run/runner.js';
import type { SetupEntry } from '../run/setup.js';
import { parseSeedList } from '../run/seeds.js';
import { parseShard } from '../run/plan.js';
import { BUILTINS_SETUP } from '../builtins.js';
import { limitFlag, limiterFromFlags, limiterSettings } from './limiter-options.js';
import { addLlmOptions, llmSetupFrom, type LlmCliOptions } from './llm-options.js';
import { addTeamCmdOptions, llmFlagsLeft, teamCmdSetupFrom, type TeamCmdCliOptions } from './team-cmd-options.js';
import { mixedSetupFrom } from './mixed-options.js';
import { runProgress, episodeLine, type Verbosity } from './run-progress.js';
import { episodeFlagSelection, onlyFailedSelection, withinPlan, type EpisodeSelection } from './episode-flags.js';
import { junitRecordsIn, prepareJunitFile, writeJunit } from './junit.js';
import { packageVersion } from './version.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { isFailedEpisode } from '../run/episode-verdict.js';
import { resolveEnvIds } from '../run/runner.js';
import { OTEL_FLAG_HELP, startRunTraces } from './otel-command.js';
import { WORLD_SIZE_HELP, positiveInt, splitList, worldSizeArg } from './arg-parsers.js';
import { printRunResult } from './run-output.js';
import { tuneJitForWorkerRun } from './jit-budget.js';

/** A per-action deadline in ms: a whole number within what a timer can wait for. */
function deadlineMs(flag: string) {
  const parse = positiveInt(flag);
  return (value: string): number => {
    const n = parse(value);
    assertDeadlineMs(n, flag);
    return n;
  };
}

/** A cap on action size in bytes, within what an env accepts. */
function maxActionBytes(flag: string) {
  const parse = positiveInt(flag);
  return (value: string): number => {
    const n = parse(value);
    assertMaxActionBytes(n, flag);
    return n;
  };
}

interface RunCommandOptions extends LlmCliOptions, TeamCmdCliOptions {
  env?: string[];
  team?: string[];
  seeds: string;
  trials: number;
  variants: number;
  worldSize?: number;
  out?: string;
  json?: boolean;
  perturb: string;
  maxSteps?: number;
  workers: number;
  shard?: string;
  resume?: boolean;
  overwrite?: boolean;
  import: string[];
  countErrors?: boolean;
  report?: boolean;
  wide?: boolean;
  agentTimeout: number;
  maxActionBytes: number;
  concurrency: number;
  rpm?: number;
  tpm?: number;
  maxInFlight?: number;
  otel?: string | true;
  quiet?: boolean;
  verbose?: boolean;
  bail?: number;
  episode?: string[];
  onlyFailed?: string;
  junit?: string;
  queue?: string;
  queueTimeout: number;
}

/**
 * The arguments the program was run with (after `node faultline`): those commander parsed, so a
 * CLI run in process (tests, an embedding tool) prints its own, not its host's.
 */
function commandLine(program: Command): string[] {
  // `rawArgs` is set by every parse but missing from commander's typings.
  const raw = (program as unknown as { rawArgs?: string[] }).rawArgs;
  return (raw && raw.length > 0 ? raw : process.argv).slice(2);
}

/** `--episode` may be given several times, each a comma-separated list: all of them. */
function episodeList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value)];
}

/**
 * The selection of `--episode` / `--only-failed`, with the plan flags it implies set on `opts`
 * where the command line did not give them. Null when neither flag is given.
 */
function applySelection(run: Command, opts: RunCommandOptions): EpisodeSelection | null {
  const selection = opts.onlyFailed
    ? onlyFailedSelection(opts.onlyFailed, opts.out)
    : opts.episode
      ? episodeFlagSelection(opts.episode)
      : null;
  if (!selection) return null;
  const target = opts as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(selection.implied))
    if (run.getOptionValueSource(name) !== 'cli') target[name] = value;
  return selection;
}

/** The default `--agent-timeout` of runs with an LLM team: ten minutes per action. */
export const LLM_AGENT_TIMEOUT_MS = 600_000;

/** `--concurrency`: a whole number in 1..MAX_CONCURRENCY. */
function concurrencyFlag(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > MAX_CONCURRENCY)
    throw new InvalidArgumentError(
      '--concurrency',
      value,
      `a whole number in 1..${MAX_CONCURRENCY}`,
      'pass e.g. --concurrency 8 (episodes in flight at once per worker; raise it for teams that await model calls)',
    );
  return n;
}

/** Adds `faultline run` to the program. */
export function registerRunCommand(program: Command): void {
  const run = program.command('run');
  addLlmOptions(run);
  addTeamCmdOptions(run);
  run
    .description(
      'Run teams on envs over seeds, variants and trials; print a summary table (or JSON). Resumable, parallel, shardable.',
    )
    .option(
      '--env <ids>',
      'env ids, comma-separated, or "all" (required unless --episode or --only-failed gives them)',
      splitList,
    )
    .option('--team <ids>', 'team ids, comma-separated (llm: the built-in LLM team, with --model)', splitList)
    .option('--seeds <list>', 'seeds: ranges and lists, e.g. 0-49 or 1,5,9', '0-49')
    .option(
      '--trials <n>',
      'attempts per (env, team, seed, variant); each meets freshly drawn faults — gives pass^k',
      positiveInt('--trials'),
      1,
    )
    .option(
      '--variants <n>',
      'semantically equivalent variants per task (paraphrased, renamed, reordered) — gives all-variants-pass',
      positiveInt('--variants'),
      1,
    )
    .option('--world-size <size>', WORLD_SIZE_HELP, worldSizeArg)
    .option('--out <dir>', 'write episodes.jsonl, trajectories/, summary.json and run.json here')
    .option('--json', 'print the summary as JSON on stdout')
    .option(
      '--perturb <profile>',
      'perturbation profile: clean, production, chaos, a kind, or one perturbation type',
      'clean',
    )
    .option('--max-steps <n>', 'step limit per episode (default: the env spec)', positiveInt('--max-steps'))
    .option('--workers <n>', 'worker threads (results are identical for any count)', positiveInt('--workers'), 1)
    .option(
      '--concurrency <n>',
      `episodes in flight at once per worker, 1..${MAX_CONCURRENCY} (for teams that await model calls; results are identical for any value)`,
      concurrencyFlag,
      1,
    )
    .option('--rpm <n>', 'model requests per minute, per provider, across all workers', limitFlag('rpm'))
    .option('--tpm <n>', 'model tokens per minute, per provider, across all workers', limitFlag('tpm'))
    .option(
      '--max-in-flight <n>',
      'model requests in flight at once, per provider, across all workers',
      limitFlag('maxInFlight'),
    )
    .option(
      '--queue <url>',
      'run the episodes on the workers of this Redis queue (start them with `faultline worker --queue URL`, on any machines) instead of here; the files written are the same',
    )
    .option(
      '--queue-timeout <seconds>',
      'with --queue: stop (resumable) when Redis does not answer for this long',
      positiveInt('--queue-timeout'),
      60,
    )
    .option('--shard <i/n>', 'run only shard i of n (combine the shards with `faultline merge`)')
    .option('--resume', 'continue the run recorded in --out: finish the episodes it is missing')
    .option('--overwrite', 'start over in an --out that already holds a run, deleting its records (refused without it)')
    .option(
      '--import <modules>',
      'modules that register custom teams or envs (every worker imports them), comma-separated',
      splitList,
      [],
    )
    .option('--count-errors', 'count infrastructure errors and agent crashes as failures in pass^k')
    .option('--report', 'write report.html into --out when the run completes')
    .option('--wide', "print every column of the table, whatever the terminal's width")
    .addOption(
      new Option(
        '--episode <ids>',
        'run only these episodes (ids as in episodes.jsonl; repeatable or comma-separated); their envs, teams, seeds and trials are the plan unless given',
      )
        .argParser(episodeList)
        .conflicts('onlyFailed'),
    )
    .option(
      '--only-failed <dir>',
      "run again the episodes that failed (did not succeed) in the run recorded in DIR, with that run's envs, teams, seeds and profile unless given",
    )
    .option(
      '--bail <n>',
      `stop after N failed episodes (any outcome but success, baselines included): in-flight ones finish, the run exits ${EXIT.bailed} and --resume finishes it`,
      positiveInt('--bail'),
    )
    .option('--junit <file>', 'write the results as JUnit XML (one testcase per episode) for CI')
    .addOption(new Option('-q, --quiet', 'print only the summary and errors: no progress').conflicts('verbose'))
    .option('-v, --verbose', 'print a line per episode as it ends (PASS/FAIL/ERROR, id, why)')
    .option('--otel [url]', OTEL_FLAG_HELP)
    .addOption(
      new Option(
        '--agent-timeout <ms>',
        'wall-clock limit per agent action; an agent that does not answer in time ends its episode as a timeout (default 60000; 600000 for LLM teams, whose action may span several model calls and retries)',
      )
        .argParser(deadlineMs('--agent-timeout'))
        .default(60_000),
    )
    .addOption(
      new Option(
        '--max-action-bytes <n>',
        `cap on one action's canonical JSON (${MIN_MAX_ACTION_BYTES}..${DEFAULT_MAX_ACTION_BYTES}); a larger one is an error observation, recorded as its size and hash`,
      )
        .argParser(maxActionBytes('--max-action-bytes'))
        .default(DEFAULT_MAX_ACTION_BYTES),
    )
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (opts: RunCommandOptions) => {
      const selection = applySelection(run, opts);
      if (!opts.env)
        throw new InvalidArgumentError(
          '--env',
          undefined,
          'env ids, comma-separated, or "all"',
          'pass e.g. --env all, or name episodes with --episode ID or --only-failed DIR',
        );
      if (opts.junit !== undefined) prepareJunitFile(opts.junit);
      const seeds = parseSeedList(opts.seeds);
      let episodes = selection?.ids;
      if (selection && opts.onlyFailed) {
        // Flags given on the command line narrow what runs again; the others are the earlier
        // run's (its custom envs are not registered yet: its --import loads with the run).
        const given = (name: string) => run.getOptionValueSource(name) === 'cli';
        episodes = withinPlan(selection.ids, {
          ...(given('env') && !opts.env.includes('all') ? { envs: resolveEnvIds(opts.env) } : {}),
          ...(given('team') ? { teams: opts.team ?? [] } : {}),
          ...(given('seeds') ? { seeds } : {}),
          ...(given('trials') ? { trials: opts.trials } : {}),
          ...(given('variants') ? { variants: opts.variants } : {}),
          ...(given('worldSize') ? { worldSize: opts.worldSize } : {}),
        });
        if (selection.ids.length === 0) {
          process.stderr.write(`${opts.onlyFailed} has no failed episodes: nothing to run again.\n`);
          return;
        }
        if (episodes.length === 0)
          throw new InvalidArgumentError(
            '--only-failed',
            opts.onlyFailed,
            `a run with failed episodes inside this command's plan (none of its ${selection.ids.length} is)`,
            'leave out the --env, --team, --seeds, --trials, --variants or --world-size that exclude them',
          );
      }
      const verbosity: Verbosity = opts.quiet ? 'quiet' : opts.verbose ? 'verbose' : 'normal';
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      if (opts.report && !opts.out)
        throw new InvalidArgumentError('--report', true, 'a run directory given with --out', 'pass --out DIR');
      if (opts.queue)
        for (const [name, flag, fix] of [
          ['workers', '--workers', 'start more `faultline worker --queue URL` processes instead'],
          ['concurrency', '--concurrency', 'give it to each worker: `faultline worker --queue URL --concurrency N`'],
        ] as const)
          if (run.getOptionValueSource(name) === 'cli')
            throw new InvalidArgumentError(
              flag,
              opts[name],
              `no ${flag} with --queue (the queue's workers run the episodes)`,
              fix,
            );
      // Built before any episode starts, so a bad limit fails fast. On a queue the limits travel
      // with the jobs and every worker shares them through Redis.
      const limiter = opts.queue ? undefined : await limiterFromFlags(opts);
      const queueLimits = opts.queue ? limiterSettings(opts) : null;
      // The LLM team's options (checked here, before any episode) travel to every worker.
      // Agent program teams take their flags and team files first; the rest are LLM teams'.
      const cmd = teamCmdSetupFrom(opts);
      const llm = llmSetupFrom(llmFlagsLeft(opts, cmd), opts.team ?? []);
      const mixed = mixedSetupFrom(cmd.mixedTeamFiles, opts);
      const teamIds = [...llm.teamIds, ...cmd.teamIds, ...mixed.teamIds];
      if (teamIds.length === 0)
        throw new InvalidArgumentError(
          '--team',
          opts.team,
          'one or more team ids (or a --team-file)',
          'pass e.g. --team oracle,random, or --team llm --model NAME, or --team-cmd "CMD"',
        );
      const setup: SetupEntry[] = [
        BUILTINS_SETUP,
        ...(llm.setupEntry ? [llm.setupEntry] : []),
        ...(cmd.setupEntry ? [cmd.setupEntry] : []),
        ...(mixed.setupEntry ? [mixed.setupEntry] : []),
      ];
      // One action of a model team can span several model calls with their retries: a minute
      // is a scripted team's budget, not a model's.
      const agentTimeout =
        (llm.setupEntry || mixed.hasLlmRoles) && run.getOptionValueSource('agentTimeout') === 'default'
          ? LLM_AGENT_TIMEOUT_MS
          : opts.agentTimeout;
      // Before the worker threads start, which take the process's V8 flags (see jit-budget.ts).
      if (!opts.queue) tuneJitForWorkerRun(opts.workers);
      const traces = opts.otel === undefined ? null : await startRunTraces(opts.otel, opts.out);
      const progress = runProgress(verbosity);
      const seconds = new Map<string, number>();
      const failedLines: string[] = [];
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) {
          process.stderr.write('\nStopped at once; the run can still be resumed (a torn last line is redone).\n');
          process.exit(EXIT.interrupted);
        }
        controller.abort();
        process.stderr.write('\nStopping: finishing the episodes in flight (Ctrl-C again to stop at once)...\n');
      };
      process.on('SIGINT', onSigint);
      let result;
      try {
        result = await runEvaluation({
          envs: opts.env,
          ...(episodes ? { episodes } : {}),
          ...(opts.bail !== undefined ? { bail: opts.bail } : {}),
          teams: teamIds,
          seeds,
          trials: opts.trials,
          variants: opts.variants,
          ...(opts.worldSize !== undefined ? { worldSize: opts.worldSize } : {}),
          perturb: opts.perturb,
          workers: opts.workers,
          concurrency: opts.concurrency,
          ...(limiter ? { limiter } : {}),
          ...(opts.queue
            ? {
                queue: {
                  url: opts.queue,
                  timeoutMs: opts.queueTimeout * 1000,
                  onNotice: (notice) => {
                    if (notice.kind === 'enqueued' && verbosity === 'quiet') return;
                    // On a terminal, clear the live progress line first; it is redrawn at the next episode.
                    process.stderr.write(`${process.stderr.isTTY ? '\r\u001b[K' : ''}${notice.message}\n`);
                  },
                  ...(queueLimits ? { limits: queueLimits } : {}),
                },
              }
            : {}),
          setup,
          imports: opts.import,
          countErrors: opts.countErrors === true,
          resume: opts.resume === true,
          overwrite: opts.overwrite === true,
          // The summary and what is printed below come from highlights: memory stays flat.
          // --junit without --out reads the records from memory.
          keepRecords: opts.junit !== undefined && !opts.out,
          signal: controller.signal,
          ...(shard ? { shard } : {}),
          ...(opts.out ? { out: resolve(opts.out) } : {}),
          budget: {
            agentTimeoutMs: agentTimeout,
            maxActionBytes: opts.maxActionBytes,
            ...(opts.maxSteps ? { maxSteps: opts.maxSteps } : {}),
          },
          onStart: (info) => progress.start(info),
          onEpisode: (record, done, total, timing) => {
            progress.episode(record, done, total);
            if (timing.seconds !== null && opts.junit) seconds.set(record.id, timing.seconds);
            if (opts.bail !== undefined && isFailedEpisode(record)) failedLines.push(episodeLine(record, done, total));
            traces?.episode(record);
          },
        });
      } finally {
        process.off('SIGINT', onSigint);
        progress.done();
        await traces?.finish();
      }
      const { highlights } = result;
      if (opts.junit)
        writeJunit(opts.junit, {
          records: opts.out ? junitRecordsIn(resolve(opts.out)) : result.records,
          pending: result.pending,
          pendingReason: result.bailed
            ? `not run: --bail ${opts.bail} stopped the run (finish it with --resume)`
            : 'not run: the run was interrupted (finish it with --resume)',
          seconds,
          profile: opts.perturb,
          version: packageVersion(),
          ...(opts.out ? { out: resolve(opts.out) } : {}),
        });
      if (result.queueFailures.length > 0) {
        process.stderr.write(
          `${result.queueFailures.length} episode${result.queueFailures.length === 1 ? '' : 's'} failed on the queue's workers (not recorded; --resume runs them again):\n${result.queueFailures
            .map((f) => `  ${f.episode}: ${f.reason} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'})`)
            .join('\n')}\n`,
        );
      }
      if (result.leftQueued > 0)
        process.stderr.write(
          `${result.leftQueued} episodes are still on the queue: its workers keep running them, and --resume collects their results.\n`,
        );
      if (result.interrupted) {
        // --overwrite would delete what this session recorded, and is refused beside --resume.
        const again = commandLine(program).filter((a) => a !== '--resume' && a !== '--overwrite');
        if (result.bailed) {
          // What ran is a result too (pytest prints its summary on --maxfail): the table of the
          // recorded episodes, then the failures that stopped the run. No report: it is incomplete.
          await printRunResult(result, { ...opts, report: false });
          process.stderr.write(`${failedLines.join('\n')}\n`);
        }
        process.stderr.write(
          `${result.bailed ? `Stopped after ${opts.bail} failed episode${opts.bail === 1 ? '' : 's'} (--bail)` : controller.signal.aborted ? 'Interrupted' : 'Incomplete'}: ${highlights.recorded}/${result.planned} episodes recorded${opts.out ? ` in ${resolve(opts.out)}` : ' (nothing written: no --out)'}.\n`,
        );
        if (opts.out) process.stderr.write(`Resume with: faultline ${again.join(' ')} --resume\n`);
        process.exitCode = result.bailed
          ? EXIT.bailed
          : result.queueFailures.length > 0 && !controller.signal.aborted
            ? EXIT.failed
            : EXIT.interrupted;
        return;
      }
      await printRunResult(result, opts);
    });
}
