/**
 * The conclusion of a run in plain words: which team is most reliable (by pass^k, or by success
 * with one trial), which failure mode dominates and for which team, whether faults fired and how
 * the teams responded — and which failed episode is worth opening. Written from the summary (and
 * the run's highlights) alone, so the same results always give the same words.
 */
import type { RunSummary } from '../run/summary.js';
import type { FailureHighlight } from '../run/summary-builder.js';
import { FAILURE_MODES, MODE_INFO, type FailureMode } from '../metrics/modes.js';
import { isHandled, RECOVERY_CLASSES, type RecoveryClass } from '../metrics/recovery.js';
import { teamPassHat, teamStandings, type StandingOptions, type TeamStanding } from './team-standings.js';

/**
 * The reference baselines (the do-nothing and random teams): their failures are expected, so they
 * never decide the dominant failure mode or the episode worth opening.
 */
export const BASELINE_TEAMS: readonly string[] = ['noop', 'random'];

/** The failure modes of a team at work (the four of the design), preferred in the episode to open. */
const TEAM_MODES: ReadonlySet<FailureMode> = new Set<FailureMode>([
  'alignmentDrift',
  'handoffContextLoss',
  'cascadingErrors',
  'recoveryFailure',
]);

/** How an unhandled response reads in a sentence. */
const UNHANDLED: Readonly<Record<Exclude<RecoveryClass, 'recovered' | 'asked'>, string>> = {
  ignored_claimed_success: 'ignored the fault and claimed success',
  stuck: 'got stuck',
  gave_up: 'gave up',
  crashed: 'crashed',
};

/** Options of {@link headline} and {@link episodeToOpen}. */
export interface HeadlineOptions extends StandingOptions {
  /** Teams whose failures are expected. @defaultValue {@link BASELINE_TEAMS} */
  readonly baselines?: readonly string[];
}

/** The run's conclusion: one sentence per entry (reliability, failure modes, faults), unwrapped. */
export function headline(summary: RunSummary, options: HeadlineOptions = {}): string[] {
  if (summary.cells.length === 0) return ['No episode was recorded.'];
  const standings = teamStandings(summary, options).filter((s) => s.episodes > 0);
  if (standings.length === 0)
    return ['No episode reached its model provider, so there is nothing to compare yet (re-run them with --resume).'];
  return [
    reliability(summary, standings),
    failureModes(standings, options.baselines ?? BASELINE_TEAMS),
    faults(standings),
  ];
}

/**
 * The failed episode worth opening: of the teams that are not baselines, the first failure (in
 * key order) of the team and mode the conclusion names as dominant; else the first whose primary
 * mode is one of the four team failure modes; else their first failure. Null when only baselines
 * failed.
 */
export function episodeToOpen(
  summary: RunSummary,
  failures: readonly FailureHighlight[],
  options: HeadlineOptions = {},
): FailureHighlight | null {
  const baselines = options.baselines ?? BASELINE_TEAMS;
  const candidates = failures.filter((f) => !baselines.includes(f.team));
  const standings = teamStandings(summary, options).filter((s) => s.episodes > 0);
  const top = dominantMode(standings, baselines);
  return (
    (top && candidates.find((f) => f.team === top.team && f.primary?.mode === top.mode)) ??
    candidates.find((f) => f.primary !== null && TEAM_MODES.has(f.primary.mode)) ??
    candidates[0] ??
    null
  );
}

/** A failed episode in words: team, env, seed, trial, and where its primary failure mode began. */
export function describeFailure(f: FailureHighlight): string {
  const where = `${f.envId} (seed ${f.seed}${f.variant > 0 ? `, variant ${f.variant}` : ''}, trial ${f.trial})`;
  const how = f.primary
    ? `${MODE_INFO[f.primary.mode].label} from step ${f.primary.step} (${f.primary.role})`
    : `outcome ${f.outcome}`;
  return `${f.team} failed ${where} with ${how}`;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A rate as printed (to 0.1%): what counts as a tie is what reads as one. */
function tenths(value: number): number {
  return Math.round(value * 1000);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function reliability(summary: RunSummary, standings: readonly TeamStanding[]): string {
  const total = standings.reduce((n, s) => n + s.episodes, 0);
  if (standings.every((s) => s.successes === 0)) {
    const only = standings[0] as TeamStanding;
    return standings.length === 1
      ? `${only.team} failed all ${total} of its episodes.`
      : `No team succeeded: all ${total} episodes of ${listOf(standings.map((s) => s.team))} failed.`;
  }
  const k = Math.min(...standings.map((s) => s.trials));
  const hats = new Map(standings.map((s) => [s.team, k >= 2 ? teamPassHat(summary, s.team, k) : null]));
  const byPassHat = [...hats.values()].every((h) => h !== null);
  const metric = (s: TeamStanding) => (byPassHat ? (hats.get(s.team)?.value ?? 0) : s.successRate);
  const oneTrial = byPassHat ? '' : ' (one trial per task: pass^k needs --trials 2 or more)';
  const ranked = [...standings].sort(
    (a, b) =>
      tenths(metric(b)) - tenths(metric(a)) || tenths(b.successRate) - tenths(a.successRate) || cmp(a.team, b.team),
  );
  const best = ranked[0] as TeamStanding;
  const success = (s: TeamStanding, n: boolean) =>
    `success ${pct(s.successRate)}${n ? ` of ${s.episodes} episodes` : ''}`;
  const detail = (s: TeamStanding, n: boolean) =>
    byPassHat ? `pass^${k} ${pct(metric(s))} (${success(s, n)})` : success(s, n);
  if (ranked.length === 1) return `${best.team}: ${detail(best, true)}${oneTrial}.`;
  const tied = ranked.filter(
    (s) => tenths(metric(s)) === tenths(metric(best)) && tenths(s.successRate) === tenths(best.successRate),
  );
  const lead =
    tied.length === 1
      ? `Most reliable: ${best.team}, ${detail(best, true)}`
      : `Most reliable, tied: ${listOf(tied.map((s) => s.team))}, ${detail(best, false)}`;
  const rest = ranked.slice(tied.length).map((s) => `${s.team} ${pct(metric(s))}`);
  return `${lead}${rest.length > 0 ? `; then ${listOf(rest)}` : ''}${oneTrial}.`;
}

/** The mode seen in the most episodes of the teams that are not baselines, and the team it hit hardest. */
interface Dominant {
  readonly mode: FailureMode;
  readonly count: number;
  readonly team: string;
  readonly pool: readonly TeamStanding[];
}

function dominantMode(standings: readonly TeamStanding[], baselines: readonly string[]): Dominant | null {
  const flawed = standings.filter((s) => !baselines.includes(s.team));
  const pool = flawed.length > 0 ? flawed : standings;
  let mode: FailureMode | null = null;
  let count = 0;
  // FAILURE_MODES is in report order: a tie goes to the mode listed first.
  for (const m of FAILURE_MODES) {
    const c = pool.reduce((n, s) => n + s.modes[m], 0);
    if (c > count) [mode, count] = [m, c];
  }
  if (mode === null) return null;
  const m = mode;
  const share = (s: TeamStanding) => s.modes[m] / s.episodes;
  const team = [...pool].sort((a, b) => share(b) - share(a) || b.modes[m] - a.modes[m] || cmp(a.team, b.team))[0];
  return { mode, count, team: (team as TeamStanding).team, pool };
}

/** A team's most frequent mode and its share of the team's episodes, or "none". */
function topModeOf(s: TeamStanding): string {
  let best: FailureMode | null = null;
  for (const m of FAILURE_MODES) if (s.modes[m] > (best === null ? 0 : s.modes[best])) best = m;
  return best === null ? `${s.team} none` : `${s.team} ${MODE_INFO[best].label} ${pct(s.modes[best] / s.episodes)}`;
}

function failureModes(standings: readonly TeamStanding[], baselines: readonly string[]): string {
  const top = dominantMode(standings, baselines);
  if (top === null) {
    const others = standings.filter((s) => baselines.includes(s.team) && FAILURE_MODES.some((m) => s.modes[m] > 0));
    return others.length > 0 && others.length < standings.length
      ? `No failure mode was seen outside the baselines (${others.map(topModeOf).join(', ')}).`
      : 'No failure mode was seen in any episode.';
  }
  const label = MODE_INFO[top.mode].label;
  const hit = top.pool.find((s) => s.team === top.team) as TeamStanding;
  const share = pct(hit.modes[top.mode] / hit.episodes);
  if (top.pool.length === 1)
    return `Most common failure mode${standings.length > 1 ? ` outside the baselines` : ''}: ${label}, in ${top.count} of ${hit.team}'s ${hit.episodes} episodes (${share}).`;
  const episodes = top.pool.reduce((n, s) => n + s.episodes, 0);
  const scope = top.pool.length < standings.length ? ' of the teams other than the baselines' : '';
  return `Most common failure mode: ${label}, in ${top.count} of ${episodes} episodes${scope}, most often in ${hit.team} (${share} of its episodes); by team: ${[
    ...top.pool,
  ]
    .sort((a, b) => cmp(a.team, b.team))
    .map(topModeOf)
    .join(', ')}.`;
}

function faults(standings: readonly TeamStanding[]): string {
  const fired = standings.reduce((n, s) => n + s.fired, 0);
  if (fired === 0) {
    const offPath = standings.reduce((n, s) => n + s.offPath, 0);
    const why =
      offPath > 0 ? `only ${offPath} off the task's path, which no team needed to handle` : 'no perturbation fired';
    return `Faults: ${why}, so recovery was not tested; run under a fault profile (e.g. --perturb production).`;
  }
  const handled = (s: TeamStanding) => RECOVERY_CLASSES.filter(isHandled).reduce((n, c) => n + s.recovery[c], 0);
  const rate = (s: TeamStanding) => handled(s) / s.fired;
  const hit = standings
    .filter((s) => s.fired > 0)
    .sort((a, b) => tenths(rate(b)) - tenths(rate(a)) || cmp(a.team, b.team));
  const list = hit.map((s) => `${s.team} ${pct(rate(s))}`).join(', ');
  const worst = hit[hit.length - 1] as TeamStanding;
  let ending = '; every fault was handled';
  if (handled(worst) < worst.fired) {
    const unhandled = (Object.keys(UNHANDLED) as (keyof typeof UNHANDLED)[]).reduce((a, b) =>
      worst.recovery[b] > worst.recovery[a] ? b : a,
    );
    ending = `; ${worst.team} most often ${UNHANDLED[unhandled]} (${worst.recovery[unhandled]} of ${worst.fired})`;
  }
  return `Faults: ${fired} perturbation${fired === 1 ? '' : 's'} fired; handled (recovered or asked): ${list}${ending}.`;
}
