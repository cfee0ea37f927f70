/**
 * `faultline demo`: the first run, in one command and under half a minute — the oracle, the four
 * flawed reference teams and the random baseline, on one env of each single world, under the
 * production fault profile, with three trials per task (so pass^3), recorded with its report.
 * It is exactly a `faultline run` (printed first, to copy and vary), so it shows what a run prints.
 */
import { Command } from 'commander';
import { parseSeedList } from '../run/seeds.js';
import { positiveInt } from './arg-parsers.js';
import { registerRunCommand } from './run-command.js';
import { readManifest, type RunConfig } from '../run/manifest.js';

/** What the demo runs: every flawed team beside the oracle and a baseline, where faults fire. */
export const DEMO_PLAN = {
  envs: [
    'deploy/rollout-v2',
    'filesystem/rename-symbol-v1',
    'flaky-api/reconcile-refunds-v1',
    'mock-web/research-report-v1',
  ],
  teams: ['oracle', 'brittle', 'credulous', 'drifting', 'lossy-handoff', 'random'],
  seeds: '0-2',
  trials: 3,
  perturb: 'production',
} as const;

/** The demo's options. */
export interface DemoOptions {
  readonly out: string;
  readonly workers: number;
  readonly resume?: boolean;
  readonly overwrite?: boolean;
}

/** Whether a recorded run's config is the demo's plan (its envs, teams, trials and profile). */
export function isDemoConfig(config: RunConfig): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return (
    same(config.envs, DEMO_PLAN.envs) &&
    same(config.teams, DEMO_PLAN.teams) &&
    config.trials === DEMO_PLAN.trials &&
    config.perturb === DEMO_PLAN.perturb
  );
}

/**
 * Whether the demo starts over in `out`: asked to, or `out` holds an earlier demo (running the
 * demo again replaces it). Any other run there is kept, and the run refuses the directory.
 */
export function demoOverwrites(opts: DemoOptions): boolean {
  if (opts.resume) return false;
  if (opts.overwrite) return true;
  const previous = readManifest(opts.out);
  return previous !== null && isDemoConfig(previous.config);
}

/** The `faultline run` arguments of the demo. */
export function demoRunArgs(opts: DemoOptions): string[] {
  return [
    'run',
    '--env',
    DEMO_PLAN.envs.join(','),
    '--team',
    DEMO_PLAN.teams.join(','),
    '--seeds',
    DEMO_PLAN.seeds,
    '--trials',
    String(DEMO_PLAN.trials),
    '--perturb',
    DEMO_PLAN.perturb,
    '--workers',
    String(opts.workers),
    '--out',
    opts.out,
    '--report',
    ...(opts.resume ? ['--resume'] : []),
    ...(demoOverwrites(opts) ? ['--overwrite'] : []),
  ];
}

/** An argument as a POSIX shell reads it back (quoted only when it has to be). */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Adds `faultline demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'The first run: the oracle, the flawed reference teams and the random baseline under production faults, 3 trials each; prints the table, a conclusion and the report path (no API key needed).',
    )
    .option('--out <dir>', 'the run directory (episodes, trajectories, summary, report.html)', 'runs/demo')
    .option('--workers <n>', 'worker threads (results are identical for any count)', positiveInt('--workers'), 1)
    .option('--resume', 'finish an interrupted demo recorded in --out')
    .option(
      '--overwrite',
      'start over in an --out that holds another run, deleting its records (an earlier demo is replaced without it)',
    )
    .action(async (opts: DemoOptions) => {
      const args = demoRunArgs(opts);
      const episodes =
        DEMO_PLAN.envs.length * DEMO_PLAN.teams.length * parseSeedList(DEMO_PLAN.seeds).length * DEMO_PLAN.trials;
      process.stdout.write(
        `faultline demo: ${DEMO_PLAN.teams.length} teams on ${DEMO_PLAN.envs.length} envs, seeds ${DEMO_PLAN.seeds}, ${DEMO_PLAN.trials} trials each, ${DEMO_PLAN.perturb} faults (${episodes} episodes). The same as:\n  faultline ${args.map(shellWord).join(' ')}\n\n`,
      );
      // A program of its own, so the run parses exactly the arguments printed above.
      const run = new Command();
      registerRunCommand(run);
      await run.parseAsync(args, { from: 'user' });
    });
}
