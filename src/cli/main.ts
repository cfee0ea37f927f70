#!/usr/bin/env node
/**
 * The `faultline` command: list, run, replay, check.
 */
import { WORLD_SIZES, parseWorldSize } from '../world/world-size.js';
import { Command, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listEnvs } from '../core/registry.js';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { listTeams } from '../team/agent.js';
import { assertDeadlineMs } from '../team/deadline.js';
import { assertMaxActionBytes, DEFAULT_MAX_ACTION_BYTES, MIN_MAX_ACTION_BYTES } from '../team/action-size.js';
import { importUrls, MAX_CONCURRENCY, runEvaluation, resolveEnvIds, resolveProfile } from '../run/runner.js';
import type { SetupEntry } from '../run/setup.js';
import { limitFlag, limiterFromFlags } from './limiter-options.js';
import { addLlmOptions, llmSetupFrom, type LlmCliOptions } from './llm-options.js';
import { addTeamCmdOptions, llmFlagsLeft, teamCmdSetupFrom, type TeamCmdCliOptions } from './team-cmd-options.js';
import { parseSeedList } from '../run/seeds.js';
import { importModule } from '../run/setup.js';
import { renderSummaryTable } from '../report/table.js';
import { checkRegisteredEnv } from '../core/checker.js';
import { BUILTINS_SETUP, builtinEnvIds, loadBuiltins } from '../builtins.js';
import { fillSections, generatedSections, writeChecksDoc, writeSections } from '../report/docs.js';
import { runValidity, validityMarkdown, VALIDITY_TEAMS, type ValidityTeam } from '../run/validity.js';
import { perturbationEngine } from '../perturb/engine.js';
import { parseShard } from '../run/plan.js';
import { mergeRuns } from '../run/merge.js';
import { compareRuns } from '../run/compare.js';
import { renderComparison } from '../report/compare-table.js';
import { progressReporter } from './progress.js';
import { registerReportCommand } from './report-command.js';
import { registerReplayCommand } from './replay-command.js';
import { registerNewCommand } from './new-world.js';
import { registerMockModelCommand } from './mock-model-command.js';
import { registerMcpCommand } from './mcp-command.js';
import { registerServeCommand } from './serve-command.js';
import { OTEL_FLAG_HELP, registerTracesCommand, startRunTraces } from './otel-command.js';

/**
 * The closing line naming the episodes whose model provider could not be reached (kept out of
 * pass rates) and how to run them again.
 */
export function providerErrorNotice(ids: readonly string[]): string {
  const shown = ids.slice(0, 20).join(', ');
  const more = ids.length > 20 ? ` and ${ids.length - 20} more` : '';
  return `${ids.length} episode${ids.length === 1 ? '' : 's'} could not reach the model provider: ${shown}${more}; re-run them with --resume`;
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(flag, value, 'a whole number >= 1', `pass e.g. ${flag} 1`);
    }
    return n;
  };
}

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

/** The validity team named by `--teams`; a clear error listing the known ids otherwise. */
function validityTeamArg(id: string): ValidityTeam {
  const team = VALIDITY_TEAMS.find((t) => t.id === id);
  if (!team)
    throw new InvalidArgumentError(
      '--teams',
      id,
      `one of ${VALIDITY_TEAMS.map((t) => t.id).join(', ')}, or "all"`,
      'pass ids from that list, comma-separated',
    );
  return team;
}

/** Writes `DIR/report.html` and prints its path (the report module loads only when asked for). */
async function writeRunReport(dir: string): Promise<void> {
  const { writeReport } = await import('../report/html/write.js');
  const path = writeReport(dir);
  process.stdout.write(`Report: ${path}\n`);
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('Deterministic, seeded simulated worlds for evaluating teams of AI agents under reproducible faults.')
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('list')
    .description('List the registered envs and teams.')
    .option(
      '--json',
      'print JSON: {"envs":[{"id","world","description"}],"teams":[{"id","description"}],"profiles":[{"id","description"}]}',
    )
    .action((opts: { json?: boolean }) => {
      const envs = listEnvs().map((s) => ({ id: s.id, world: s.world, description: s.description }));
      const teams = listTeams().map((t) => ({ id: t.id, description: t.description }));
      const profiles = perturbationEngine.profiles();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ envs, teams, profiles }, null, 2)}\n`);
        return;
      }
      process.stdout.write('Envs:\n');
      for (const e of envs) process.stdout.write(`  ${e.id.padEnd(36)} ${e.description}\n`);
      process.stdout.write('\nTeams:\n');
      for (const t of teams) process.stdout.write(`  ${t.id.padEnd(36)} ${t.description}\n`);
      process.stdout.write(
        `  ${'llm'.padEnd(36)} Every role played by a model behind an OpenAI-compatible API (with --model NAME; or your own team in --team-file)\n`,
      );
      process.stdout.write(
        `  ${'cmd'.padEnd(36)} An agent program of yours, started per episode with an MCP endpoint (with --team-cmd "CMD"; per role in --team-file)\n`,
      );
      process.stdout.write('\nPerturbation profiles (--perturb):\n');
      for (const p of profiles) process.stdout.write(`  ${p.id.padEnd(36)} ${p.description}\n`);
    });

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
      const { summary, highlights } = result;
      if (result.interrupted) {
        const again = process.argv.slice(2).filter((a) => a !== '--resume');
        process.stderr.write(
          `Interrupted: ${highlights.recorded}/${result.planned} episodes recorded${opts.out ? ` in ${resolve(opts.out)}` : ' (nothing written: no --out)'}.\n`,
        );
        if (opts.out) process.stderr.write(`Resume with: faultline ${again.join(' ')} --resume\n`);
        process.exitCode = 130;
        return;
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        process.stdout.write(`${renderSummaryTable(summary, { color: process.stdout.isTTY === true })}\n`);
        for (const r of highlights.errors) {
          process.stdout.write(
            `${r.outcome} in ${r.id} at step ${r.error?.step} (${r.error?.role}): ${r.error?.message}\n`,
          );
        }
        process.stdout.write(
          `${result.ran} episodes in ${result.seconds.toFixed(1)} s (${(result.ran / Math.max(result.seconds, 1e-9)).toFixed(1)} episodes/s, ${opts.workers} worker${opts.workers === 1 ? '' : 's'})\n`,
        );
        if (opts.out)
          process.stdout.write(
            `Recorded ${highlights.recorded} episodes in ${resolve(opts.out)} (replay one with: faultline replay ${join(resolve(opts.out), highlights.firstTrajectoryFile ?? '')})\n`,
          );
      }
      if (highlights.providerErrors.length > 0)
        process.stderr.write(`${providerErrorNotice(highlights.providerErrors)}\n`);
      if (opts.report && opts.out) await writeRunReport(resolve(opts.out));
    });

  program
    .command('merge')
    .description(
      'Combine the directories of a sharded run (--shard i/n) into one run directory, identical to an unsharded run.',
    )
    .argument('<dirs...>', 'the shard run directories')
    .requiredOption('--out <dir>', 'the merged run directory')
    .option('--json', 'print the merged summary as JSON')
    .action((dirs: string[], opts: { out: string; json?: boolean }) => {
      const merged = mergeRuns(dirs, opts.out);
      if (opts.json) process.stdout.write(`${JSON.stringify(merged.summary, null, 2)}\n`);
      else
        process.stdout.write(
          `${renderSummaryTable(merged.summary, { color: process.stdout.isTTY === true })}\nMerged ${dirs.length} shards: ${merged.episodes} episodes in ${merged.out}\n`,
        );
    });

  program
    .command('compare')
    .description(
      'Paired comparison of two run directories on the episodes both ran: success and failure-mode rates per cell, differences with 95% intervals and significance.',
    )
    .argument('<dirA>', 'the baseline run directory')
    .argument('<dirB>', 'the run to compare with it')
    .option(
      '--teams <pairs>',
      "pair A's teams with B's, e.g. oracle:brittle (default: same names, or the only team of each)",
      splitList,
    )
    .option('--json', 'print the comparison as JSON')
    .action((dirA: string, dirB: string, opts: { teams?: string[]; json?: boolean }) => {
      const teams = Object.fromEntries(
        (opts.teams ?? []).map((pair) => {
          const m = /^([^:]+):([^:]+)$/.exec(pair);
          if (!m)
            throw new InvalidArgumentError(
              '--teams',
              pair,
              'A_TEAM:B_TEAM pairs, comma-separated',
              'write e.g. --teams oracle:brittle',
            );
          return [m[1] as string, m[2] as string];
        }),
      );
      const comparison = compareRuns(dirA, dirB, { teams });
      if (opts.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
      else process.stdout.write(`${renderComparison(comparison, { color: process.stdout.isTTY === true })}\n`);
    });

  program
    .command('check')
    .description(
      'Run the env checker (determinism, snapshot/restore, reset hygiene, bad input, ...); exit 1 on any error.',
    )
    .argument('<id>', 'an env id, or "all"')
    .option('--json', 'print reports as JSON')
    .option('--import <modules>', 'modules that register custom envs, comma-separated', splitList, [])
    .action(async (id: string, opts: { json?: boolean; import: string[] }) => {
      for (const url of importUrls(opts.import)) await importModule(url);
      const ids = id === 'all' ? listEnvs().map((s) => s.id) : [id];
      const reports = ids.map((envId) => checkRegisteredEnv(envId));
      if (opts.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      else {
        for (const r of reports) {
          process.stdout.write(
            `${r.passed ? 'pass' : 'FAIL'}  ${r.envId} (${r.errors.length} errors, ${r.warnings.length} warnings)\n`,
          );
          for (const e of r.errors) process.stdout.write(`  error   [${e.check}] ${e.message}\n`);
          for (const w of r.warnings) process.stdout.write(`  warning [${w.check}] ${w.message}\n`);
        }
      }
      if (reports.some((r) => !r.passed)) process.exitCode = 1;
    });

  program
    .command('validity')
    .description(
      'Prove the metrics: run the oracle, the flawed teams and the probe teams under profiles; print the confusion matrix (teams × modes), detection where each defect acted, and per metric its sensitivity, false positives and attribution.',
    )
    .option('--seeds <list>', 'seeds per env', '0-49')
    .option('--profiles <ids>', 'profiles, comma-separated', splitList, [
      'production',
      'tool',
      'data',
      'instruction',
      'team',
    ])
    .option('--env <ids>', 'env ids, comma-separated, or "all"', splitList, ['all'])
    .option(
      '--teams <ids>',
      `teams of the experiment, comma-separated, or "all" (${VALIDITY_TEAMS.map((t) => t.id).join(', ')})`,
      splitList,
      ['all'],
    )
    .option('--write <file>', 'also replace the <!-- matrix:start --> … <!-- matrix:end --> block of this file')
    .option('--json', 'print the report (teams, rows, per-metric statements) as JSON')
    .action(
      async (opts: {
        seeds: string;
        profiles: string[];
        env: string[];
        teams: string[];
        write?: string;
        json?: boolean;
      }) => {
        const seeds = parseSeedList(opts.seeds);
        const envs = resolveEnvIds(opts.env);
        for (const p of opts.profiles) resolveProfile(p, envs);
        const teams = opts.teams.includes('all') ? VALIDITY_TEAMS : opts.teams.map(validityTeamArg);
        const progress = progressReporter();
        const { episodes: _episodes, ...report } = await runValidity({
          envs,
          seeds,
          profiles: opts.profiles,
          teams,
          onEpisode: (episode, done, total) => progress.episode(episode, done, total),
        });
        progress.done();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        const command = [
          'faultline validity',
          `--seeds ${opts.seeds}`,
          `--profiles ${opts.profiles.join(',')}`,
          ...(opts.env.includes('all') ? [] : [`--env ${opts.env.join(',')}`]),
          ...(opts.teams.includes('all') ? [] : [`--teams ${opts.teams.join(',')}`]),
        ].join(' ');
        const text = validityMarkdown(report, { envs: envs.length, seeds: seeds.length, command });
        process.stdout.write(`${text}\n`);
        if (opts.write) {
          const before = readFileSync(opts.write, 'utf8');
          const after = fillSections(before, { matrix: text });
          if (after !== before) writeFileSync(opts.write, after);
          process.stdout.write(`${opts.write}: ${after !== before ? 'updated' : 'already up to date'}\n`);
        }
      },
    );

  program
    .command('docs')
    .description(
      "Print the README's generated reference tables (envs, perturbation catalog, profiles), or rewrite them in a file; --checks writes the checker's rule reference.",
    )
    .option('--write <file>', 'replace the <!-- name:start --> … <!-- name:end --> blocks of this file')
    .option('--checks <file>', "write the env checker's rule reference (docs/checks.md) to this file")
    .action(async (opts: { write?: string; checks?: string }) => {
      if (opts.checks) {
        const changed = writeChecksDoc(opts.checks);
        process.stdout.write(`${opts.checks}: ${changed ? 'updated' : 'already up to date'}\n`);
        if (!opts.write) return;
      }
      if (opts.write) {
        const changed = await writeSections(opts.write, builtinEnvIds());
        process.stdout.write(`${opts.write}: ${changed ? 'updated' : 'already up to date'}\n`);
        return;
      }
      for (const [name, body] of Object.entries(await generatedSections(builtinEnvIds())))
        process.stdout.write(`<!-- ${name} -->\n${body}\n\n`);
    });

  registerReplayCommand(program);
  registerReportCommand(program);
  registerNewCommand(program);
  registerMockModelCommand(program);
  registerMcpCommand(program);
  registerServeCommand(program);
  registerTracesCommand(program);
  return program;
}

/** Runs the CLI. Usage errors exit 2 with a one-line message; crashes exit 1 with the stack. */
export async function main(argv: readonly string[]): Promise<void> {
  // `faultline list | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  loadBuiltins();
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof FaultlineError) {
      process.stderr.write(`faultline: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])main\.[tj]s$/.test(process.argv[1]);
if (invokedDirectly) await main(process.argv);
