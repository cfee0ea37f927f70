/**
 * Runs whose `--junit` files the JUnit tests read: a complete run with passes, task failures and
 * agent crashes whose messages hold markup and characters XML 1.0 forbids, and a run stopped by
 * `--bail` (its unreached episodes are skipped).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerTeam, findTeam } from '../../src/team/agent.js';
import { cliInProcess } from '../support/cli.js';

/** A message with markup, a NUL, an escape sequence, a form feed and a lone surrogate. */
export const NASTY = 'bad <tag a="1"> & \'q\' \u0000 \u001b[31mred\u001b[0m \f \ud800 end';

/** A team whose agents throw {@link NASTY} on odd seeds and give up at once on even ones. */
function registerCrasher(): void {
  if (findTeam('junit-crasher')) return;
  registerTeam({
    id: 'junit-crasher',
    description: 'test team: throws on odd seeds, gives up on even ones',
    createAgents(start) {
      const finisher = start.roles.find((r) => r.canFinish)?.id as string;
      return Object.fromEntries(
        start.roles.map((r) => [
          r.id,
          {
            act: () => {
              if (start.seed % 2 === 1) throw new Error(NASTY);
              return r.id === finisher
                ? { type: 'finish', status: 'gave_up' }
                : { type: 'handoff', to: finisher, message: 'over' };
            },
          },
        ]),
      );
    },
  });
}

/** The JUnit XML of a complete run and of a bailed one, under `dir`. */
export async function junitRuns(dir: string): Promise<{ complete: string; bailed: string }> {
  registerCrasher();
  const args = [
    'run',
    '--env',
    'filesystem/rename-symbol-v1',
    '--team',
    'brittle,junit-crasher,oracle',
    '--seeds',
    '0-3',
    '--perturb',
    'production',
    '--quiet',
  ];
  const complete = await cliInProcess([...args, '--out', join(dir, 'complete'), '--junit', join(dir, 'complete.xml')]);
  if (complete.code !== 0) throw new Error(`run failed: ${complete.stderr}`);
  const bailed = await cliInProcess([
    ...args,
    '--out',
    join(dir, 'bailed'),
    '--junit',
    join(dir, 'bailed.xml'),
    '--bail',
    '2',
  ]);
  if (bailed.code !== 3) throw new Error(`the bailed run exited ${bailed.code}: ${bailed.stderr}`);
  return {
    complete: readFileSync(join(dir, 'complete.xml'), 'utf8'),
    bailed: readFileSync(join(dir, 'bailed.xml'), 'utf8'),
  };
}
