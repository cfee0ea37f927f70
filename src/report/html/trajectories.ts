/**
 * The only part of the report that reads trajectory files: full metrics for the drill-downs,
 * and per-role-pair handoff fidelity over each cell's sample. The metrics are recomputed with
 * `analyzeEpisode` from the record and its steps, exactly as the live run computed them.
 */
import { join } from 'node:path';
import { analyzeEpisode, type EpisodeMetrics } from '../../metrics/analyze.js';
import type { EpisodeRecord } from '../../run/records.js';
import { readTrajectory } from '../../run/replay.js';
import type { TrajectoryStep } from '../../team/episode.js';
import type { Drilldown, HandoffData, RolePairStats } from './model.js';

/** An episode's steps and full metrics, or why they could not be had. */
export type LoadedEpisode =
  | { readonly steps: TrajectoryStep[]; readonly metrics: EpisodeMetrics; readonly problem: null }
  | { readonly steps: null; readonly metrics: null; readonly problem: string };

/** Reads an episode's trajectory and recomputes its metrics; never throws. */
export function loadEpisode(dir: string, record: EpisodeRecord): LoadedEpisode {
  try {
    const { steps } = readTrajectory(join(dir, record.trajectoryFile));
    return { steps, metrics: analyzeEpisode({ ...record, trajectory: steps }), problem: null };
  } catch (e) {
    return { steps: null, metrics: null, problem: (e as Error).message };
  }
}

/** The drill-down of a failed episode. */
export function drilldownOf(dir: string, record: EpisodeRecord): Drilldown {
  const loaded = loadEpisode(dir, record);
  return { record, steps: loaded.steps, metrics: loaded.metrics, problem: loaded.problem };
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
): HandoffData {
  const pairs = new Map<string, { -readonly [K in keyof RolePairStats]: RolePairStats[K] }>();
  let analyzed = 0;
  let unreadable = 0;
  for (const record of sample) {
    const loaded = reuse?.get(record.id) ?? loadEpisode(dir, record);
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
