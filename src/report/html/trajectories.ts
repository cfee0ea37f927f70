/**
 * The only part of the report that reads trajectory files: full metrics for the drill-downs,
 * and per-role-pair handoff fidelity over each cell's sample. The metrics are the analysis the
 * run recorded in the file's footer; `analyzeEpisode` runs here only when asked to
 * (`--reanalyze`) or when the file predates recorded analyses.
 */
import { analyzeEpisode, type EpisodeMetrics } from '../../metrics/analyze.js';
import { ANALYSIS_VERSION } from '../../metrics/version.js';
import type { EpisodeRecord } from '../../run/records.js';
import { readTrajectory } from '../../run/replay.js';
import { containedPath } from '../../run/contained-path.js';
import type { TrajectoryStep } from '../../team/episode.js';
import type { BlameEntry } from './blame-file.js';
import type { AnalysisProvenance, Drilldown, HandoffData, RolePairStats } from './model.js';

/** An episode's steps and full metrics, or why they could not be had. */
export type LoadedEpisode =
  | {
      readonly steps: TrajectoryStep[];
      readonly metrics: EpisodeMetrics;
      readonly analysis: AnalysisProvenance;
      readonly problem: null;
    }
  | { readonly steps: null; readonly metrics: null; readonly analysis: null; readonly problem: string };

/**
 * Reads an episode's trajectory and the analysis the run recorded with it; never throws. The
 * recorded analysis is used whatever its version, so a report of an old run shows what the run
 * measured. It is recomputed only with `reanalyze`, or when the file recorded none.
 */
export function loadEpisode(dir: string, record: EpisodeRecord, reanalyze = false): LoadedEpisode {
  try {
    const { steps, footer } = readTrajectory(containedPath(dir, record.trajectoryFile));
    const recorded = footer?.analysis ?? null;
    if (recorded && !reanalyze)
      return {
        steps,
        metrics: recorded.metrics,
        analysis: { source: 'recorded', version: recorded.version },
        problem: null,
      };
    const metrics = analyzeEpisode({ ...record, trajectory: steps });
    return {
      steps,
      metrics,
      analysis: {
        source: recorded ? 'reanalyzed' : 'not-recorded',
        version: ANALYSIS_VERSION,
        recordedVersion: recorded?.version ?? null,
      },
      problem: null,
    };
  } catch (e) {
    return { steps: null, metrics: null, analysis: null, problem: (e as Error).message };
  }
}

/** The drill-down of a failed episode, with its entry in `blame.json` when there is one. */
export function drilldownOf(
  dir: string,
  record: EpisodeRecord,
  reanalyze = false,
  blame: BlameEntry | null = null,
): Drilldown {
  const loaded = loadEpisode(dir, record, reanalyze);
  return {
    record,
    steps: loaded.steps,
    metrics: loaded.metrics,
    analysis: loaded.analysis,
    problem: loaded.problem,
    blame,
  };
}

/**
 * Handoff fidelity per (sender, receiver) over the sampled episodes of a cell. `cellEpisodes`
 * is the cell's total, so the report can say how much of it the numbers rest on.
 */
export function handoffFidelity(
  dir: string,
  sample: readonly EpisodeRecord[],
  cellEpisodes: number,
  roles: readonly string[],
  reuse?: ReadonlyMap<string, LoadedEpisode>,
  reanalyze = false,
): HandoffData {
  const pairs = new Map<string, { -readonly [K in keyof RolePairStats]: RolePairStats[K] }>();
  let analyzed = 0;
  let unreadable = 0;
  for (const record of sample) {
    const loaded = reuse?.get(record.id) ?? loadEpisode(dir, record, reanalyze);
    if (loaded.metrics === null) {
      unreadable++;
      continue;
    }
    analyzed++;
    for (const h of loaded.metrics.handoffLoss.handoffs) {
      const key = `${h.from}\u0000${h.to}`;
      const p = pairs.get(key) ?? {
        from: h.from,
        to: h.to,
        handoffs: 0,
        required: 0,
        delivered: 0,
        lost: 0,
        inherited: 0,
        misstated: 0,
        transit: 0,
        harmful: 0,
      };
      const delivered = new Set(h.delivered);
      p.handoffs++;
      p.required += h.required.length;
      p.delivered += h.required.filter((f) => delivered.has(f)).length;
      p.lost += h.lost.length;
      p.inherited += h.inherited.length;
      p.misstated += h.misstated.length;
      p.transit += h.transit.length;
      p.harmful += h.harmful.length;
      pairs.set(key, p);
    }
  }
  const seen = [...pairs.values()].flatMap((p) => [p.from, p.to]);
  const allRoles = [...roles, ...[...new Set(seen)].filter((r) => !roles.includes(r)).sort(cmp)];
  const rank = (r: string) => allRoles.indexOf(r);
  const sorted = [...pairs.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  return { pairs: sorted, roles: allRoles, analyzed, of: cellEpisodes, unreadable };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
