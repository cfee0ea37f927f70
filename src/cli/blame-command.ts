/**
 * `faultline blame RUN_DIR`: for every failed episode of a run, which role — and which step of it
 * — a single intervention shows to be responsible (see `src/run/blame/`), and
 * `faultline blame-validity`: how often blame is right on teams whose one defect is known.
 * This module declares the commands; what they do is in blame-actions.ts, imported when one runs.
 *
 *     faultline blame runs/latest                        # every failed episode, a table
 *     faultline blame runs/latest --episode ID --json    # {episode, role, step, flips, …} per episode
 *     faultline blame-validity --seeds 0-29 --write README.md
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_INTERVENTIONS } from '../run/blame/defaults.js';
import { positiveInt, splitList } from './arg-parsers.js';
import { addLlmOptions } from './llm-options.js';
import type { BlameCliOptions, BlameValidityCliOptions } from './blame-actions.js';

/** Adds `blame` and `blame-validity` to the program. */
export function registerBlameCommand(program: Command): void {
  const blame = program
    .command('blame')
    .description(
      'Blame by intervention: re-run each failed episode with one role replaced by its reference agent, and with one action at a time replaced by the reference action, to find the role and the earliest step whose correction flips failure to success; writes blame.json into the run directory and rewrites its report.html, when there is one, to show it',
    )
    .argument('<run-dir>', 'a run directory (the --out of faultline run)')
    .option('--episode <ids>', 'only these failed episodes, comma-separated', splitList)
    .option('--json', 'print the whole result as JSON')
    .option('--workers <n>', 'worker threads (results are identical for any count)', positiveInt('--workers'), 1)
    .option(
      '--concurrency <n>',
      'episodes at once per worker (for teams that await model calls)',
      positiveInt('--concurrency'),
      1,
    )
    .option(
      '--max-interventions <n>',
      'most re-runs per failed episode, role swaps included',
      positiveInt('--max-interventions'),
      DEFAULT_MAX_INTERVENTIONS,
    )
    .option('--reference <team>', 'the team whose agents are the reference', 'oracle')
    .option(
      '--import <modules>',
      "the run's --import modules, comma-separated (the team must be registered)",
      splitList,
      [],
    );
  addLlmOptions(blame).action(async (dir: string, opts: BlameCliOptions) =>
    (await import('./blame-actions.js')).blameAction(dir, opts),
  );

  program
    .command('blame-validity')
    .description(
      "Prove blame: run teams whose one defect is known by construction (own-mistake, fact-drop-silent), blame their failures, and print how often blame names the defect's role and step, next to published LLM-judge figures",
    )
    .option('--seeds <list>', 'seeds per env', '0-29')
    .option('--env <ids>', 'env ids, comma-separated, or "all"', splitList, ['all'])
    .option('--workers <n>', 'worker threads', positiveInt('--workers'), 1)
    .option(
      '--write <file>',
      'also replace the <!-- blame-validity:start --> … <!-- blame-validity:end --> block of this file',
    )
    .option('--json', 'print the report (rows and every judged episode) as JSON')
    .action(async (opts: BlameValidityCliOptions) => (await import('./blame-actions.js')).blameValidityAction(opts));
}
