/**
 * A run's summary folded per team, over every env it ran on: the numbers the plain-words
 * conclusion of a run (`headline.ts`) is written from.
 */
import type { RunSummary, SummaryCell } from '../run/summary.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { zeroCounts, type RecoveryCounts } from '../metrics/aggregate.js';
import { RECOVERY_CLASSES, type RecoveryClass } from '../metrics/recovery.js';

/** pass^k of a team over all its cells: the task-weighted mean of the cells' pass^k. */
export interface TeamPassHat {
  readonly k: number;
  readonly value: number;
  /** Tasks with at least k counted trials, over all the team's cells. */
  readonly tasks: number;
}

/** One team's results over every env of the run. */
export interface TeamStanding {
  readonly team: string;
  /** Episodes that count in the rates (those whose provider could not be reached are left out unless errors count). */
  readonly episodes: number;
  readonly successes: number;
  readonly successRate: number;
  /** The fewest trials any of the team's cells ran (pass^k exists for k up to this). */
  readonly trials: number;
  /** Episodes in which each failure mode was seen. */
  readonly modes: Readonly<Record<FailureMode, number>>;
  /** Responses to the perturbations that fired (off-path tool faults left out). */
  readonly recovery: RecoveryCounts;
  /** Perturbations that fired and counted (the sum of `recovery`). */
  readonly fired: number;
  /** Tool faults off the task's path that the team went past (no recovery was due). */
  readonly offPath: number;
}

/** Options of {@link teamStandings}. */
export interface StandingOptions {
  /** The run counted provider errors as attempts (`--count-errors`). @defaultValue false */
  readonly countErrors?: boolean;
}

/** Every team of the summary, in the order it first appears. */
export function teamStandings(summary: RunSummary, options: StandingOptions = {}): TeamStanding[] {
  const byTeam = new Map<string, SummaryCell[]>();
  for (const cell of summary.cells) {
    const list = byTeam.get(cell.team);
    if (list) list.push(cell);
    else byTeam.set(cell.team, [cell]);
  }
  return [...byTeam.entries()].map(([team, cells]) => standingOf(team, cells, options.countErrors === true));
}

function standingOf(team: string, cells: readonly SummaryCell[], countErrors: boolean): TeamStanding {
  let episodes = 0;
  let successes = 0;
  let fired = 0;
  let offPath = 0;
  let trials = Infinity;
  const modes = Object.fromEntries(FAILURE_MODES.map((m) => [m, 0])) as Record<FailureMode, number>;
  const recovery: Record<RecoveryClass, number> = zeroCounts();
  for (const cell of cells) {
    const attempted = countErrors ? cell.episodes : cell.episodes - cell.outcomes.provider_error;
    episodes += attempted;
    successes += cell.successes;
    // Mode rates are fractions of the cell's attempted episodes: back to counts, to add up.
    for (const m of FAILURE_MODES) modes[m] += Math.round(cell.failureModes[m] * attempted);
    for (const c of RECOVERY_CLASSES) recovery[c] += cell.recovery.classes[c];
    fired += cell.recovery.fired;
    offPath += cell.recovery.offPath;
    trials = Math.min(trials, cell.consistency.trials);
  }
  return {
    team,
    episodes,
    successes,
    successRate: episodes === 0 ? 0 : successes / episodes,
    trials: Number.isFinite(trials) ? trials : 0,
    modes,
    recovery,
    fired,
    offPath,
  };
}

/**
 * pass^k of a team over the given cells (its own), weighting each cell by its tasks with k trials;
 * null when no task of theirs ran k trials.
 */
export function teamPassHat(summary: RunSummary, team: string, k: number): TeamPassHat | null {
  let tasks = 0;
  let sum = 0;
  for (const cell of summary.cells) {
    if (cell.team !== team) continue;
    const point = cell.consistency.passHat.find((p) => p.k === k);
    if (!point || point.tasks === 0) continue;
    tasks += point.tasks;
    sum += point.value * point.tasks;
  }
  return tasks === 0 ? null : { k, value: sum / tasks, tasks };
}
