/**
 * The experiment's figures: per (team, profile) rows — success, how often each mode is flagged,
 * detection where the defect acted, attribution — and one statement per metric: its sensitivity
 * on the teams it is for, its false positives on the teams that must stay quiet, its attribution.
 */
import { FAILURE_MODES, type FailureMode } from '../../metrics/index.js';
import type { ValidityEpisode } from './run.js';
import { ownModes, type ValidityTeam } from './team.js';

/** Per (team, profile) aggregates. */
export interface ValidityRow {
  readonly team: string;
  readonly profile: string;
  /** The mode the team must be flagged for; null for a team that must stay quiet. */
  readonly expected: FailureMode | null;
  /** Other modes that also count as flagging its defect. */
  readonly accepts: readonly FailureMode[];
  readonly episodes: number;
  readonly successRate: number;
  /** Fraction of episodes flagged for each mode. */
  readonly flagged: Readonly<Record<FailureMode, number>>;
  /** Fraction flagged for any mode. */
  readonly anyMode: number;
  /** Episodes where the defect acted (for a quiet team: where it behaved differently from the oracle). */
  readonly triggered: number;
  /** Own mode flagged among triggered episodes (null for a quiet team or when never triggered). */
  readonly ownModeWhenTriggered: number | null;
  /** Any mode flagged among triggered episodes (null when never triggered). */
  readonly anyModeWhenTriggered: number | null;
  /** Primary cause at the right step and role, among episodes where that is judged. */
  readonly primaryRight: number | null;
  readonly primaryJudged: number;
}

/** A rate and the number of episodes it is taken over. */
export interface Rate {
  /** null when `n` is 0. */
  readonly rate: number | null;
  readonly n: number;
}

/** What the experiment says about one metric (one mode), pooled over the run's envs, seeds and profiles. */
export interface MetricStatement {
  readonly mode: FailureMode;
  /** Each team the metric is for: its mode (or one it also accepts) flagged among the episodes where its defect acted. */
  readonly sensitivity: ReadonlyArray<{ readonly team: string } & Rate>;
  /** Each team that must stay quiet: the fraction of its episodes flagged for this mode. */
  readonly falsePositives: ReadonlyArray<{ readonly team: string } & Rate>;
  /** Primary cause at the right step and role, over the judged episodes of the teams the metric is for. */
  readonly attribution: Rate;
}

/** Everything the experiment found. */
export interface ValidityReport {
  /** The teams, in report order, with what each must be flagged for. */
  readonly teams: ReadonlyArray<{
    readonly id: string;
    readonly origin: string;
    readonly expected: FailureMode | null;
  }>;
  readonly rows: readonly ValidityRow[];
  readonly metrics: readonly MetricStatement[];
}

function rate(count: number, n: number): Rate {
  return { rate: n === 0 ? null : count / n, n };
}

function count<T>(list: readonly T[], pred: (x: T) => boolean): number {
  let n = 0;
  for (const x of list) if (pred(x)) n++;
  return n;
}

/** The (team, profile) rows, in (profile, team) order. */
export function validityRows(
  episodes: readonly ValidityEpisode[],
  teams: readonly ValidityTeam[],
  profiles: readonly string[],
): ValidityRow[] {
  const rows: ValidityRow[] = [];
  for (const profile of profiles) {
    for (const team of teams) {
      const list = episodes.filter((e) => e.profile === profile && e.team === team.id);
      if (list.length === 0) continue;
      const frac = (pred: (e: ValidityEpisode) => boolean, of: readonly ValidityEpisode[] = list) =>
        of.length === 0 ? 0 : count(of, pred) / of.length;
      const flagged = Object.fromEntries(FAILURE_MODES.map((m) => [m, frac((e) => e.modes.includes(m))])) as Record<
        FailureMode,
        number
      >;
      const triggered = list.filter((e) => e.triggered);
      const own = ownModes(team);
      const flaggedOwn = (e: ValidityEpisode) => own.some((m) => e.modes.includes(m));
      const judged = list.filter((e) => e.primaryRight !== null);
      rows.push({
        team: team.id,
        profile,
        expected: team.expected,
        accepts: team.accepts ?? [],
        episodes: list.length,
        successRate: frac((e) => e.success),
        flagged,
        anyMode: frac((e) => e.modes.length > 0),
        triggered: triggered.length,
        ownModeWhenTriggered: own.length > 0 && triggered.length > 0 ? frac(flaggedOwn, triggered) : null,
        anyModeWhenTriggered: triggered.length > 0 ? frac((e) => e.modes.length > 0, triggered) : null,
        primaryRight: judged.length > 0 ? frac((e) => e.primaryRight === true, judged) : null,
        primaryJudged: judged.length,
      });
    }
  }
  return rows;
}

/** One statement per mode that some team of the run is for, in {@link FAILURE_MODES} order. */
export function metricStatements(
  episodes: readonly ValidityEpisode[],
  teams: readonly ValidityTeam[],
): MetricStatement[] {
  const byTeam = new Map<string, ValidityEpisode[]>(teams.map((t) => [t.id, []]));
  for (const e of episodes) byTeam.get(e.team)?.push(e);
  const quiet = teams.filter((t) => t.expected === null);
  return FAILURE_MODES.filter((mode) => teams.some((t) => t.expected === mode)).map((mode) => {
    const own = teams.filter((t) => t.expected === mode);
    const sensitivity = own.map((t) => {
      const triggered = (byTeam.get(t.id) ?? []).filter((e) => e.triggered);
      return {
        team: t.id,
        ...rate(
          count(triggered, (e) => e.modes.includes(mode)),
          triggered.length,
        ),
      };
    });
    const falsePositives = quiet.map((t) => {
      const list = byTeam.get(t.id) ?? [];
      return {
        team: t.id,
        ...rate(
          count(list, (e) => e.modes.includes(mode)),
          list.length,
        ),
      };
    });
    const judged = own.flatMap((t) => (byTeam.get(t.id) ?? []).filter((e) => e.primaryRight !== null));
    return {
      mode,
      sensitivity,
      falsePositives,
      attribution: rate(
        count(judged, (e) => e.primaryRight === true),
        judged.length,
      ),
    };
  });
}

/** The whole report of a run. */
export function validityReport(
  episodes: readonly ValidityEpisode[],
  teams: readonly ValidityTeam[],
  profiles: readonly string[],
): ValidityReport {
  return {
    teams: teams.map((t) => ({ id: t.id, origin: t.origin, expected: t.expected, accepts: t.accepts ?? [] })),
    rows: validityRows(episodes, teams, profiles),
    metrics: metricStatements(episodes, teams),
  };
}
