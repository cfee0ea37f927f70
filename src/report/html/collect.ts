/**
 * One streaming pass over `episodes.jsonl`: per-cell aggregates (drift curves, primary modes,
 * recovery by perturbation kind) and the episodes whose trajectories the report will read — the
 * first failed ones for drill-downs, and a bounded sample for handoff fidelity. Only those are
 * kept whole; every other record is folded into counters and dropped.
 */
import { hashString } from '../../core/rng.js';
import { round6 } from '../../stats/rounding.js';
import { RECOVERY_CLASSES, leftOut, type RecoveryClass } from '../../metrics/recovery.js';
import { CATALOG } from '../../perturb/catalog/index.js';
import { compareKeys } from '../../run/episode-id.js';
import { Z95 } from '../../stats/intervals.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { EpisodeUsage } from '../../team/turn.js';
import type { CellUsage, CurveMean, DriftData, PrimaryModeCount, RecoveryGroup } from './model.js';
import { SmallestK } from './smallest.js';

/** What the pass gathers for one cell. */
export interface CellCollection {
  readonly env: string;
  readonly team: string;
  readonly episodes: number;
  readonly failed: number;
  readonly drift: DriftData;
  readonly primaryModes: readonly PrimaryModeCount[];
  readonly recoveryByKind: readonly RecoveryGroup[];
  /** The first failed episodes in key order (at most the drill-down limit). */
  readonly drilldowns: readonly EpisodeRecord[];
  /** A deterministic sample of the cell's episodes for trajectory analysis. */
  readonly sample: readonly EpisodeRecord[];
  /** The task's roles in the order the env declares them (entry role first). */
  readonly roles: readonly string[];
  /** Model usage summed over the cell's episodes (null when none recorded any). */
  readonly usage: CellUsage | null;
}

/** Limits of {@link RecordCollector}. */
export interface CollectLimits {
  readonly drilldownsPerCell: number;
  readonly handoffSamplePerCell: number;
}

const KIND_OF_TYPE: ReadonlyMap<string, string> = new Map(CATALOG.map((p) => [p.id, p.kind]));

/** Folds records into per-cell collections. Records may arrive in any order. */
export class RecordCollector {
  private readonly cells = new Map<string, CellAccumulator>();
  readonly seeds = new Set<number>();
  readonly profiles = new Set<string>();
  /** The world sizes of sized episodes (an episode at its family's own size adds none). */
  readonly worldSizes = new Set<number>();
  trials = 0;
  variants = 0;

  constructor(private readonly limits: CollectLimits) {}

  /** Adds one record. */
  add(r: EpisodeRecord): void {
    const key = `${r.envId}\u0000${r.team}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = new CellAccumulator(r.envId, r.team, this.limits);
      this.cells.set(key, cell);
    }
    cell.add(r);
    this.seeds.add(r.seed);
    this.profiles.add(r.perturbations?.profile ?? 'clean');
    if (r.worldSize !== undefined) this.worldSizes.add(r.worldSize);
    this.trials = Math.max(this.trials, r.trial + 1);
    this.variants = Math.max(this.variants, (r.variant ?? 0) + 1);
  }

  /** The collection of a cell, or null when no record belonged to it. */
  cell(env: string, team: string): CellCollection | null {
    return this.cells.get(`${env}\u0000${team}`)?.result() ?? null;
  }
}

interface Sampled {
  readonly hash: number;
  readonly record: EpisodeRecord;
}

class CellAccumulator {
  private episodes = 0;
  private failed = 0;
  private readonly curveAll = new CurveSums();
  private readonly curveFailed = new CurveSums();
  private onsets = 0;
  private readonly onsetPositions: number[] = [];
  private lcgw = 0;
  private changes = 0;
  private newestWon = 0;
  private readonly primary = new Map<string, PrimaryModeCount>();
  private readonly recovery = new Map<string, Record<RecoveryClass, number>>();
  private readonly drilldowns: SmallestK<EpisodeRecord>;
  private readonly sample: SmallestK<Sampled>;
  private readonly usage = new UsageSums();

  constructor(
    private readonly env: string,
    private readonly team: string,
    limits: CollectLimits,
  ) {
    this.drilldowns = new SmallestK<EpisodeRecord>(limits.drilldownsPerCell, compareKeys);
    this.sample = new SmallestK<Sampled>(
      limits.handoffSamplePerCell,
      (a, b) => a.hash - b.hash || compareIds(a.record.id, b.record.id),
    );
  }

  add(r: EpisodeRecord): void {
    this.episodes++;
    const m = r.metrics;
    if (!r.success) {
      this.failed++;
      this.drilldowns.add(r);
    }
    this.sample.add({ hash: hashString(r.id), record: r });
    if (r.usage) this.usage.add(r.usage);
    if (!m) return;
    if (m.drift.curve.length > 0) {
      this.curveAll.add(m.drift.curve);
      if (!r.success) this.curveFailed.add(m.drift.curve);
    }
    if (m.drift.onset) {
      this.onsets++;
      this.onsetPositions.push(r.steps > 0 ? Math.min(1, m.drift.onset.step / r.steps) : 0);
    }
    if (m.drift.locallyCorrectGloballyWrong) this.lcgw++;
    if (m.drift.newestIntentWon !== null) {
      this.changes++;
      if (m.drift.newestIntentWon) this.newestWon++;
    }
    if (!r.success && m.primary) {
      const k = `${m.primary.mode}|${m.primary.mast ?? ''}`;
      const prev = this.primary.get(k);
      this.primary.set(k, { mode: m.primary.mode, mast: m.primary.mast, count: (prev?.count ?? 0) + 1 });
    }
    for (const response of m.recovery) {
      // A tool fault off the task's path that the team went past asked for no recovery.
      if (leftOut(response)) continue;
      const kind = kindOf(r, response.id, response.type);
      const counts = this.recovery.get(kind) ?? zeroCounts();
      counts[response.response]++;
      this.recovery.set(kind, counts);
    }
  }

  result(): CellCollection {
    const positions = [...this.onsetPositions].sort((a, b) => a - b);
    const sample = this.sample.result().map((s) => s.record);
    return {
      env: this.env,
      team: this.team,
      episodes: this.episodes,
      failed: this.failed,
      drift: {
        all: this.curveAll.means(),
        failed: this.curveFailed.means(),
        n: this.curveAll.n,
        nFailed: this.curveFailed.n,
        onsets: this.onsets,
        onsetPositions: positions,
        locallyCorrectGloballyWrong: this.lcgw,
        requirementChanges: this.changes,
        newestIntentWon: this.newestWon,
      },
      primaryModes: [...this.primary.values()].sort(
        (a, b) => b.count - a.count || compareIds(`${a.mode}|${a.mast}`, `${b.mode}|${b.mast}`),
      ),
      recoveryByKind: [...this.recovery.entries()]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([key, counts]) => ({ key, counts })),
      drilldowns: this.drilldowns.result(),
      sample,
      roles: (sample[0]?.intent?.roles ?? []).map((r) => r.id),
      usage: this.usage.result(),
    };
  }
}

/**
 * Usage sums. Costs are summed in integer billionths of a dollar (episode costs are rounded to
 * that), so the total is the same whatever order the records arrive in.
 */
class UsageSums {
  private episodes = 0;
  private calls = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private cachedTokens = 0;
  private nanoUsd: number | null = 0;
  private retries = 0;

  add(u: EpisodeUsage): void {
    this.episodes++;
    this.calls += u.calls;
    this.promptTokens += u.promptTokens;
    this.completionTokens += u.completionTokens;
    this.cachedTokens += u.cachedTokens;
    this.nanoUsd = this.nanoUsd === null || u.costUsd === null ? null : this.nanoUsd + Math.round(u.costUsd * 1e9);
    this.retries += u.retries;
  }

  result(): CellUsage | null {
    if (this.calls === 0) return null;
    return {
      episodes: this.episodes,
      calls: this.calls,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      cachedTokens: this.cachedTokens,
      costUsd: this.nanoUsd === null ? null : this.nanoUsd / 1e9,
      retries: this.retries,
    };
  }
}

/** The kind of a fired perturbation: from the episode's own plan, else from the catalog. */
function kindOf(r: EpisodeRecord, id: string, type: string): string {
  const planned = r.perturbations?.plan.find((p) => p.id === id) ?? r.perturbations?.atReset.find((p) => p.id === id);
  return planned?.kind ?? KIND_OF_TYPE.get(type) ?? 'other';
}

/**
 * Per-point sums of curves, for means and their normal-approximation intervals. Curve values
 * have three decimals, so they are summed as integer thousandths: exact, and therefore the same
 * whatever order the records arrive in.
 */
class CurveSums {
  n = 0;
  private sum: number[] = [];
  private sumSq: number[] = [];

  add(curve: readonly number[]): void {
    if (this.n === 0) {
      this.sum = curve.map(() => 0);
      this.sumSq = curve.map(() => 0);
    }
    // Curves of one format all have the same length; a stray one is left out rather than misaligned.
    if (curve.length !== this.sum.length) return;
    this.n++;
    curve.forEach((v, i) => {
      const milli = Math.round(v * 1000);
      this.sum[i] = (this.sum[i] as number) + milli;
      this.sumSq[i] = (this.sumSq[i] as number) + milli * milli;
    });
  }

  means(): CurveMean[] {
    if (this.n === 0) return [];
    const n = this.n;
    return this.sum.map((s, i) => {
      const mean = s / n / 1000;
      const variance = n > 1 ? Math.max(0, ((this.sumSq[i] as number) - (s * s) / n) / (n - 1)) / 1e6 : 0;
      const half = Z95 * Math.sqrt(variance / n);
      return { mean: round6(mean), low: round6(Math.max(0, mean - half)), high: round6(Math.min(1, mean + half)) };
    });
  }
}

function zeroCounts(): Record<RecoveryClass, number> {
  return Object.fromEntries(RECOVERY_CLASSES.map((c) => [c, 0])) as Record<RecoveryClass, number>;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
