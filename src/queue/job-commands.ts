/**
 * The agent programs a job asks a worker to start. A run's command teams (`--team-cmd`, a team
 * file's `command` or `roles`) travel in the job's `team-cmd` setup as command lines, and the
 * worker would start each one for its episodes. Whoever can write to the queue's Redis could then
 * run any program on every worker. So a worker starts only the programs it was given itself
 * (`faultline worker --team-cmd "<command>"`), as it loads only the `--import` modules it was
 * given: a job naming any other is refused before its episode starts, and another worker, started
 * with that program, can take it.
 */
import { isPlainRecord } from '../core/check-values.js';
import type { PortableSetup } from './portable-modules.js';

/**
 * Every command line the `team-cmd` entries of a job's setup name: each team's `command` and the
 * values of its `roles`, in order, without repeats. Values of another shape are listed too, as
 * their JSON, so that no shape a later version might read slips past the check.
 */
export function jobCommands(setup: readonly PortableSetup[]): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => found.add(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));
  for (const entry of setup) {
    if (entry.module !== 'team-cmd') continue;
    const teams = isPlainRecord(entry.options) ? entry.options['teams'] : undefined;
    if (!Array.isArray(teams)) continue;
    for (const team of teams as unknown[]) {
      if (!isPlainRecord(team)) continue;
      if (team['command'] !== undefined) add(team['command']);
      const roles = team['roles'];
      if (roles === undefined) continue;
      if (isPlainRecord(roles)) for (const command of Object.values(roles)) add(command);
      else add(roles);
    }
  }
  return [...found];
}

/**
 * Why this worker refuses a job whose setup names `commands`, or null when it was given every one
 * of them (`allowed`: its own `--team-cmd` values, exactly as written).
 */
export function refusedCommands(commands: readonly string[], allowed: ReadonlySet<string>): string | null {
  const missing = commands.filter((c) => !allowed.has(c));
  if (missing.length === 0) return null;
  const flags = missing.map((c) => `--team-cmd ${JSON.stringify(c)}`).join(' ');
  const mine = allowed.size > 0 ? [...allowed].map((c) => JSON.stringify(c)).join(', ') : 'none';
  return `this worker starts only the agent programs it was given with --team-cmd (here: ${mine}); the run's command team needs ${missing.map((c) => JSON.stringify(c)).join(', ')}. Start a worker with ${flags} (the command exactly as the run names it)`;
}
