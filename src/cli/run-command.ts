/**
 * `faultline run`: teams on envs over seeds, variants and trials, with workers, resume, shards,
 * model limits and traces.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { WORLD_SIZES, parseWorldSize } from '../world/world-size.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertDeadlineMs } from '../team/deadline.js';
import { assertMaxActionBytes, DEFAULT_MAX_ACTION_BYTES, MIN_MAX_ACTION_BYTES } from '../team/action-size.js';
import { MAX_CONCURRENCY, runEvaluation } from '../run/runner.js';
import type { SetupEntry } from '../run/setup.js';
import { parseSeedList } from '../run/seeds.js';
import { parseShard } from '../run/plan.js';
import { BUILTINS_SETUP } from '../builtins.js';
import { limitFlag, limiterFromFlags } from './limiter-options.js';
import { addLlmOptions, llmSetupFrom, type LlmCliOptions } from './llm-options.js';
import { addTeamCmdOptions, llmFlagsLeft, teamCmdSetupFrom, type TeamCmdCliOptions } from './team-cmd-options.js';
import { progressReporter } from './progress.js';
import { OTEL_FLAG_HELP, startRunTraces } from './otel-command.js';
import { positiveInt, splitList } from './arg-parsers.js';
import { printRunResult } from './run-output.js';

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
  env: string[];
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
}

/** The default `--agent-timeout` of runs with an LLM team: ten minutes per action. */
const LLM_AGENT_TIMEOUT_MS = 600_000;

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
    .requiredOption('--env <ids>', 'env ids, comma-separated, or "all"', splitList)
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
    .option(
      '--world-size <size>',
      `entities per world: small (${WORLD_SIZES.small}), medium (${WORLD_SIZES.medium}), large (${WORLD_SIZES.large}) or a number — files, pages, records or services (default: each family's own)`,
      (value: string) => parseWorldSize(value, '--world-size'),
    )
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
    .option('--shard <i/n>', 'run only shard i of n (combine the shards with `faultline merge`)')
    .option('--resume', 'continue the run recorded in --out: finish the episodes it is missing')
    .option(
      '--import <modules>',
      'modules that register custom teams or envs (every worker imports them), comma-separated',
      splitList,
      [],
    )
    .option('--count-errors', 'count infrastructure errors and agent crashes as failures in pass^k')
    .option('--report', 'write report.html into --out when the run completes')
    .option('--wide', "print every column of the table, whatever the terminal's width")
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
    .action(async (opts: RunCommandOptions) => {
      const seeds = parseSeedList(opts.seeds);
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      if (opts.report && !opts.out)
        throw new InvalidArgumentError('--report', true, 'a run directory given with --out', 'pass --out DIR');
      // Built before any episode starts, so a bad limit fails fast.
      const limiter = await limiterFromFlags(opts);
      // The LLM team's options (checked here, before any episode) travel to every worker.
      // Agent program teams take their flags and team files first; the rest are LLM teams'.
      const cmd = teamCmdSetupFrom(opts);
      const llm = llmSetupFrom(llmFlagsLeft(opts, cmd), opts.team ?? []);
      const teamIds = [...llm.teamIds, ...cmd.teamIds];
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
      ];
      // One action of a model team can span several model calls with their retries: a minute
      // is a scripted team's budget, not a model's.
      const agentTimeout =
        llm.setupEntry && run.getOptionValueSource('agentTimeout') === 'default'
          ? LLM_AGENT_TIMEOUT_MS
          : opts.agentTimeout;
      const traces = opts.otel === undefined ? null : await startRunTraces(opts.otel, opts.out);
      const progress = progressReporter();
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) {
          process.stderr.write('\nStopped at once; the run can still be resumed (a torn last line is redone).\n');
          process.exit(130);
        }
        controller.abort();
        process.stderr.write('\nStopping: finishing the episodes in flight (Ctrl-C again to stop at once)...\n');
      };
      process.on('SIGINT', onSigint);
      let result;
      try {
        result = await runEvaluation({
          envs: opts.env,
          teams: teamIds,
          seeds,
          trials: opts.trials,
          variants: opts.variants,
          ...(opts.worldSize !== undefined ? { worldSize: opts.worldSize } : {}),
          perturb: opts.perturb,
          workers: opts.workers,
          concurrency: opts.concurrency,
          ...(limiter ? { limiter } : {}),
          setup,
          imports: opts.import,
          countErrors: opts.countErrors === true,
          resume: opts.resume === true,
          // The summary and what is printed below come from highlights: memory stays flat.
          keepRecords: false,
          signal: controller.signal,
          ...(shard ? { shard } : {}),
          ...(opts.out ? { out: resolve(opts.out) } : {}),
          budget: {
            agentTimeoutMs: agentTimeout,
            maxActionBytes: opts.maxActionBytes,
            ...(opts.maxSteps ? { maxSteps: opts.maxSteps } : {}),
          },
          onStart: (info) => progress.start(info),
          onEpisode: (record, done, total) => {
            progress.episode(record, done, total);
            traces?.episode(record);
          },
        });
      } finally {
        process.off('SIGINT', onSigint);
        progress.done();
        await traces?.finish();
      }
      const { highlights } = result;
      if (result.interrupted) {
        const again = process.argv.slice(2).filter((a) => a !== '--resume');
        process.stderr.write(
          `Interrupted: ${highlights.recorded}/${result.planned} episodes recorded${opts.out ? ` in ${resolve(opts.out)}` : ' (nothing written: no --out)'}.\n`,
        );
        if (opts.out) process.stderr.write(`Resume with: faultline ${again.join(' ')} --resume\n`);
        process.exitCode = 130;
        return;
      }
      await printRunResult(result, opts);
    });
}
