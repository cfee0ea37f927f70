#!/usr/bin/env node
/**
 * The `faultline` command: list, run, replay, check.
 */
import { Command, CommanderError } from 'commander';
import { listEnvs } from '../core/registry.js';
import { FaultlineError, InvalidArgumentError, UnavailableError } from '../core/errors.js';
import { listTeams } from '../team/agent.js';
import { importUrls, resolveEnvIds, resolveProfile } from '../run/runner.js';
import { parseSeedList } from '../run/seeds.js';
import { importModule } from '../run/setup.js';
import { renderSummaryTable } from '../report/table.js';
import { checkRegisteredEnv } from '../core/checker.js';
import { builtinEnvIds, loadBuiltins } from '../builtins.js';
import type { ValidityTeam } from '../run/validity.js';
import { VALIDITY_TEAM_IDS } from '../run/validity/team-ids.js';
import { perturbationEngine } from '../perturb/engine.js';
import { mergeRuns } from '../run/merge.js';
import { compareRuns } from '../run/compare.js';
import { renderComparison } from '../report/compare-table.js';
import { terminalTableOptions } from '../report/terminal.js';
import { progressReporter } from './progress.js';
import { registerReportCommand } from './report-command.js';
import { registerReplayCommand } from './replay-command.js';
import { registerNewCommand } from './new-world.js';
import { registerMockModelCommand } from './mock-model-command.js';
import { registerMcpCommand } from './mcp-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerRunCommand } from './run-command.js';
import { registerDemoCommand } from './demo-command.js';
import { splitList } from './arg-parsers.js';
import { registerTracesCommand } from './otel-command.js';
import { registerViewCommand } from './view-command.js';
import { registerWorkerCommand } from './worker-command.js';
import { registerQueueCommand } from './queue-command.js';
import { registerBlameCommand } from './blame-command.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { packageVersion } from './version.js';

/** The validity team named by `--teams`, among `teams`; a clear error listing the known ids otherwise. */
function validityTeamArg(teams: readonly ValidityTeam[], id: string): ValidityTeam {
  const team = teams.find((t) => t.id === id);
  if (!team)
    throw new InvalidArgumentError(
      '--teams',
      id,
      `one of ${teams.map((t) => t.id).join(', ')}, or "all"`,
      'pass ids from that list, comma-separated',
    );
  return team;
}

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('Deterministic, seeded simulated worlds for evaluating teams of AI agents under reproducible faults.')
    .version(packageVersion(), '-V, --version', 'print the version of faultline')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    // Commander's own usage errors in faultline's style and exit code; set before any
    // subcommand is added, which inherits both.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'faultline: ')) });

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
      process.stdout.write(
        `  ${'(mixed)'.padEnd(36)} Each role its own kind of agent: oracle, a registered team's role, llm, a2a, agent-protocol, cmd (roles with a kind in --team-file)\n`,
      );
      process.stdout.write('\nPerturbation profiles (--perturb):\n');
      for (const p of profiles) process.stdout.write(`  ${p.id.padEnd(36)} ${p.description}\n`);
    });

  registerRunCommand(program);
  registerDemoCommand(program);

  program
    .command('merge')
    .description(
      'Combine the directories of a sharded run (--shard i/n) into one run directory, identical to an unsharded run.',
    )
    .argument('<dirs...>', 'the shard run directories')
    .requiredOption('--out <dir>', 'the merged run directory')
    .option('--overwrite', 'replace the run --out already holds, deleting its records (refused without it)')
    .option('--json', 'print the merged summary as JSON')
    .option('--wide', "print every column of the table, whatever the terminal's width")
    .action((dirs: string[], opts: { out: string; overwrite?: boolean; json?: boolean; wide?: boolean }) => {
      const merged = mergeRuns(dirs, opts.out, { overwrite: opts.overwrite === true });
      if (opts.json) process.stdout.write(`${JSON.stringify(merged.summary, null, 2)}\n`);
      else
        process.stdout.write(
          `${renderSummaryTable(merged.summary, terminalTableOptions(opts))}\nMerged ${dirs.length} shards: ${merged.episodes} episodes in ${merged.out}\n`,
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
    .option('--wide', "print every column of the table, whatever the terminal's width")
    .action((dirA: string, dirB: string, opts: { teams?: string[]; json?: boolean; wide?: boolean }) => {
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
      else process.stdout.write(`${renderComparison(comparison, terminalTableOptions(opts))}\n`);
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
      `teams of the experiment, comma-separated, or "all" (${VALIDITY_TEAM_IDS.join(', ')})`,
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
        // The experiment's teams (its probes and flawed agents) load with the command, not at start-up.
        const { runValidity, validityMarkdown, VALIDITY_TEAMS } = await import('../run/validity.js');
        const teams = opts.teams.includes('all')
          ? VALIDITY_TEAMS
          : opts.teams.map((id) => validityTeamArg(VALIDITY_TEAMS, id));
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
          const { fillSectionsInFile } = await import('../report/docs.js');
          const changed = fillSectionsInFile(opts.write, { matrix: text });
          process.stdout.write(`${opts.write}: ${changed ? 'updated' : 'already up to date'}\n`);
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
      const { generatedSections, writeChecksDoc, writeSections } = await import('../report/docs.js');
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
  registerViewCommand(program);
  registerWorkerCommand(program);
  registerQueueCommand(program);
  registerBlameCommand(program);
  return program;
}

/**
 * Runs the CLI. Usage errors — commander's and faultline's alike — print one `faultline: …` line
 * and exit 2; `--help` and `--version` exit 0; crashes exit 1 with the stack (see {@link EXIT}).
 */
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
    if (e instanceof CommanderError) {
      // Commander has printed the message (or the help, or the version) already.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (e instanceof FaultlineError) {
      process.stderr.write(`faultline: ${e.message}\n`);
      process.exitCode = e instanceof UnavailableError ? EXIT.failed : EXIT.usage;
      return;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])main\.[tj]s$/.test(process.argv[1]);
if (invokedDirectly) await main(process.argv);
