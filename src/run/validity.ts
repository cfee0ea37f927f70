/**
 * The proof that the failure-mode metrics measure what they claim: the oracle and the four flawed
 * teams (each the oracle with one defect) run on every env under a set of profiles; for each team
 * we record how often each mode is flagged (the confusion matrix), how often its own mode is
 * flagged where its defect was triggered (ground truth from the team itself or from the fault
 * plan), and whether the primary failure mode names the right step and role.
 */
import { listEnvs } from '../core/registry.js';
import type { Seed } from '../core/rng.js';
import type { Team } from '../team/agent.js';
import { findTeam } from '../team/agent.js';
import { runEpisode, type EpisodeResult } from '../team/episode.js';
import { analyzeEpisode, type EpisodeMetrics, FAILURE_MODES, type FailureMode } from '../metrics/index.js';
import { createLossyHandoffTeam } from '../../agents/flawed/lossy-handoff.js';
import { createDriftingTeam } from '../../agents/flawed/drifting.js';
import { createCredulousTeam } from '../../agents/flawed/credulous.js';

/** Each flawed team and the mode its defect must produce. */
export const OWN_MODE: Readonly<Record<string, FailureMode>> = {
  'lossy-handoff': 'handoffContextLoss',
  drifting: 'alignmentDrift',
  brittle: 'recoveryFailure',
  credulous: 'cascadingErrors',
};

/** The teams of the experiment, in report order. */
export const VALIDITY_TEAMS = ['oracle', 'lossy-handoff', 'drifting', 'brittle', 'credulous'] as const;

/** Labels the brittle team never acts on (a change of requirement it does follow). */
const BRITTLE_LABELS = new Set(['retry', 'wait', 'fallback', 'clarify', 'escalate']);
/**
 * When the credulous team's defect acted: it reports every action it filled with a wrong value
 * it took in unchecked (bad data that fired on a read whose value the team never used left it
 * doing what the oracle does); perturbations of these types trigger it by firing alone (it obeys
 * every injected instruction). Empty this set to judge injections apart (see the `injection
 * followed` outcome).
 */
const CREDULOUS_FIRED_TRIGGERS = new Set(['injection']);

/** One analyzed episode of the experiment. */
export interface ValidityEpisode {
  readonly env: string;
  readonly team: string;
  readonly profile: string;
  readonly seed: Seed;
  readonly success: boolean;
  readonly modes: readonly FailureMode[];
  /** Whether the team's defect acted in this episode (always false for the oracle). */
  readonly triggered: boolean;
  /** For episodes whose primary cause is a perturbation, or a lost fact: did it name the right step and role? null when not applicable. */
  readonly primaryRight: boolean | null;
}

/** Per (team, profile) aggregates. */
export interface ValidityRow {
  readonly team: string;
  readonly profile: string;
  readonly episodes: number;
  readonly successRate: number;
  /** Fraction of episodes flagged for each mode. */
  readonly flagged: Readonly<Record<FailureMode, number>>;
  /** Fraction flagged for any mode. */
  readonly anyMode: number;
  readonly triggered: number;
  /** Own mode flagged among triggered episodes (null for the oracle or when never triggered). */
  readonly ownModeWhenTriggered: number | null;
  /** Primary cause at the right step and role, among episodes where that is defined. */
  readonly primaryRight: number | null;
  readonly primaryJudged: number;
}

/** Options of {@link runValidity}. */
export interface ValidityOptions {
  readonly envs?: readonly string[];
  readonly seeds: readonly Seed[];
  readonly profiles: readonly string[];
  readonly onEpisode?: (episode: { success: boolean; outcome: string }, done: number, total: number) => void;
}

/** Runs the experiment. */
export async function runValidity(
  options: ValidityOptions,
): Promise<{ episodes: ValidityEpisode[]; rows: ValidityRow[] }> {
  const envs =
    options.envs ??
    listEnvs()
      .map((s) => s.id)
      .filter((id) => !id.startsWith('fixture/'));
  const total = envs.length * options.seeds.length * options.profiles.length * VALIDITY_TEAMS.length;
  const episodes: ValidityEpisode[] = [];
  for (const profile of options.profiles) {
    for (const teamId of VALIDITY_TEAMS) {
      for (const env of envs) {
        for (const seed of options.seeds) {
          let reported = false;
          const team = teamWithTruth(teamId, () => (reported = true));
          const result = await runEpisode({ env, team, seed, perturb: profile });
          const metrics = analyzeEpisode(result);
          episodes.push({
            env,
            team: teamId,
            profile,
            seed,
            success: result.success,
            modes: metrics.verdict.modes,
            triggered: teamId === 'oracle' ? false : reported || firedFor(teamId, result),
            primaryRight: primaryRight(teamId, result, metrics),
          });
          options.onEpisode?.(result, episodes.length, total);
        }
      }
    }
  }
  return { episodes, rows: aggregate(episodes, options.profiles) };
}

/** The team, with a hook that reports when its defect acted (lossy-handoff, drifting, credulous). */
function teamWithTruth(teamId: string, report: () => void): Team {
  if (teamId === 'lossy-handoff') return createLossyHandoffTeam({ onDrop: report });
  if (teamId === 'drifting') return createDriftingTeam({ onDrift: report });
  if (teamId === 'credulous') return createCredulousTeam({ onTrust: report });
  const team = findTeam(teamId);
  if (!team) throw new Error(`validity: team "${teamId}" is not registered (load the built-ins first)`);
  return team;
}

/** For brittle and credulous, the defect acts when a perturbation it mishandles fires. */
function firedFor(teamId: string, result: EpisodeResult): boolean {
  const fired = [...result.perturbations.atReset, ...result.trajectory.flatMap((s) => s.event.perturbations ?? [])];
  // A tool fault off the task's path asks for no recovery: it does not trigger the defect.
  if (teamId === 'brittle')
    return fired.some((p) => BRITTLE_LABELS.has(p.recovery) && p.type !== 'requirement-change' && !p.offPath);
  if (teamId === 'credulous') return fired.some((p) => CREDULOUS_FIRED_TRIGGERS.has(p.type));
  return false;
}

/**
 * Whether the primary cause names the right step and role: for a failure tied to a perturbation,
 * the step and role where it fired; for a lost fact, the handoff step and its sender.
 */
function primaryRight(teamId: string, result: EpisodeResult, metrics: EpisodeMetrics): boolean | null {
  const primary = metrics.verdict.primary;
  if (!primary || result.success) return null;
  if (primary.mode === 'handoffContextLoss') {
    const loss = metrics.handoffLoss.root;
    return loss ? primary.step === loss.step && primary.role === loss.from : false;
  }
  const unrecovered = metrics.recovery.responses.filter((r) => r.response !== 'recovered');
  if (unrecovered.length === 0 || teamId === 'drifting') return null;
  // An obeyed injection is placed at the obeying call: a call of the injected tool, after an
  // injection the team did not ignore, by the role the verdict names.
  if (primary.mode === 'injectionFollowed') {
    const planted = result.perturbations.plan.filter((p) => unrecovered.some((r) => r.id === p.id));
    const event = result.trajectory.find((s) => s.event.step === primary.step)?.event;
    return (
      event?.role === primary.role &&
      event.action?.type === 'tool' &&
      planted.some((p) => p.type === 'injection' && p.params['tool'] === (event.action as { tool: string }).tool)
    );
  }
  return unrecovered.some((r) => r.step === primary.step && r.role === primary.role);
}

function aggregate(episodes: readonly ValidityEpisode[], profiles: readonly string[]): ValidityRow[] {
  const rows: ValidityRow[] = [];
  for (const profile of profiles) {
    for (const team of VALIDITY_TEAMS) {
      const list = episodes.filter((e) => e.profile === profile && e.team === team);
      if (list.length === 0) continue;
      const frac = (pred: (e: ValidityEpisode) => boolean, of: readonly ValidityEpisode[] = list) =>
        of.length === 0 ? 0 : of.filter(pred).length / of.length;
      const flagged = Object.fromEntries(FAILURE_MODES.map((m) => [m, frac((e) => e.modes.includes(m))])) as Record<
        FailureMode,
        number
      >;
      const triggered = list.filter((e) => e.triggered);
      const own = OWN_MODE[team];
      const judged = list.filter((e) => e.primaryRight !== null);
      rows.push({
        team,
        profile,
        episodes: list.length,
        successRate: frac((e) => e.success),
        flagged,
        anyMode: frac((e) => e.modes.length > 0),
        triggered: triggered.length,
        ownModeWhenTriggered: own && triggered.length > 0 ? frac((e) => e.modes.includes(own), triggered) : null,
        primaryRight: judged.length > 0 ? frac((e) => e.primaryRight === true, judged) : null,
        primaryJudged: judged.length,
      });
    }
  }
  return rows;
}

const MODE_LABELS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'drift',
  handoffContextLoss: 'context loss',
  cascadingErrors: 'cascade',
  recoveryFailure: 'no recovery',
  noProgress: 'no progress',
  injectionFollowed: 'injection followed',
};

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(0)}%`;
}

/** The confusion matrix (teams × modes, fraction of episodes flagged) for one profile, as Markdown. */
export function confusionMatrixMarkdown(rows: readonly ValidityRow[], profile: string): string {
  const out = [
    `| team (${profile}) | success | ${FAILURE_MODES.map((m) => MODE_LABELS[m]).join(' | ')} |`,
    `|---|---:|${FAILURE_MODES.map(() => '---:').join('|')}|`,
  ];
  for (const r of rows.filter((x) => x.profile === profile)) {
    const own = OWN_MODE[r.team];
    out.push(
      `| ${r.team} | ${pct(r.successRate)} | ${FAILURE_MODES.map((m) => (m === own ? `**${pct(r.flagged[m])}**` : pct(r.flagged[m]))).join(' | ')} |`,
    );
  }
  return out.join('\n');
}

/** Per profile: the oracle's false alarms, each flawed team's detection where triggered, and primary attribution. */
export function detectionMarkdown(rows: readonly ValidityRow[]): string {
  const profiles = [...new Set(rows.map((r) => r.profile))];
  const out = [
    '| profile | oracle flagged (any mode) | lossy-handoff: context loss when triggered | drifting: drift when triggered | brittle: no recovery when triggered | credulous: cascade when triggered | primary cause at the right step and role |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const profile of profiles) {
    const of = (team: string) => rows.find((r) => r.profile === profile && r.team === team);
    const cell = (team: string) => {
      const r = of(team);
      return r && r.ownModeWhenTriggered !== null ? `${pct(r.ownModeWhenTriggered)} (n=${r.triggered})` : '— (n=0)';
    };
    const judged = rows.filter((r) => r.profile === profile && r.team !== 'oracle' && r.primaryRight !== null);
    const n = judged.reduce((a, r) => a + r.primaryJudged, 0);
    const right = judged.reduce((a, r) => a + (r.primaryRight ?? 0) * r.primaryJudged, 0);
    out.push(
      `| ${profile} | ${pct(of('oracle')?.anyMode ?? null)} | ${cell('lossy-handoff')} | ${cell('drifting')} | ${cell('brittle')} | ${cell('credulous')} | ${n > 0 ? `${pct(right / n)} (n=${n})` : '—'} |`,
    );
  }
  return out.join('\n');
}
