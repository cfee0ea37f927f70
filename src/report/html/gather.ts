/**
 * Gathering the report's model from a run directory: one streaming pass over `episodes.jsonl`,
 * then the trajectories of the drill-downs and of each cell's handoff sample — nothing else is
 * read, so a run of tens of thousands of episodes reports in seconds.
 */
import { basename } from 'node:path';
import type { SummaryCell } from '../../run/summary.js';
import { RecordCollector, type CellCollection } from './collect.js';
import type { CellData, ReportData } from './model.js';
import { forEachRecord, readManifestLoosely, readSummary, runDirFiles } from './run-dir.js';
import { drilldownOf, handoffFidelity, type LoadedEpisode } from './trajectories.js';

/** Limits that keep a large run's report small and fast. */
export interface ReportLimits {
  /** Failed episodes per cell that get a drill-down (the first ones in key order). @defaultValue 20 */
  readonly drilldownsPerCell?: number;
  /**
   * Episodes per cell whose trajectories are analyzed for handoff fidelity: a uniform sample
   * (smallest hashes of episode ids), so the same run always gives the same sample. Use
   * `Infinity` to analyze every episode. @defaultValue 200
   */
  readonly handoffSamplePerCell?: number;
}

/** Reads a run directory into the report model. Throws a clear error for a non-run directory. */
export function gatherReport(dir: string, limits: ReportLimits = {}): ReportData {
  const files = runDirFiles(dir);
  const summary = readSummary(files);
  const manifest = readManifestLoosely(files);
  const resolved = {
    drilldownsPerCell: limits.drilldownsPerCell ?? 20,
    handoffSamplePerCell: limits.handoffSamplePerCell ?? 200,
  };
  const collector = new RecordCollector(resolved);
  const read = forEachRecord(files, (r) => collector.add(r));
  const cells = summary.cells.map((s) => cellData(files.dir, s, collector.cell(s.env, s.team)));
  const seeds = [...collector.seeds].sort((a, b) => a - b);
  return {
    name: basename(files.dir),
    summary,
    manifest,
    cells,
    envs: sortedUnique(summary.cells.map((c) => c.env)),
    teams: sortedUnique(summary.cells.map((c) => c.team)),
    run: {
      episodes: read.records,
      skippedLines: read.skipped,
      profiles: [...collector.profiles].sort(),
      seeds: { count: seeds.length, min: seeds[0] ?? 0, max: seeds[seeds.length - 1] ?? 0 },
      trials: collector.trials,
      variants: collector.variants,
    },
    limits: resolved,
  };
}

function cellData(dir: string, summary: SummaryCell, c: CellCollection | null): CellData {
  if (!c) {
    // The summary names a cell with no records (episodes.jsonl cut short): show the summary alone.
    return {
      summary,
      episodes: 0,
      failed: 0,
      drift: {
        all: [],
        failed: [],
        n: 0,
        nFailed: 0,
        onsets: 0,
        onsetPositions: [],
        locallyCorrectGloballyWrong: 0,
        requirementChanges: 0,
        newestIntentWon: 0,
      },
      primaryModes: [],
      recoveryByKind: [],
      handoffs: { pairs: [], roles: [], analyzed: 0, of: 0, unreadable: 0 },
      drilldowns: [],
      drilldownsOmitted: 0,
    };
  }
  const drilldowns = c.drilldowns.map((r) => drilldownOf(dir, r));
  // A drill-down episode that is also in the sample is not read twice.
  const loaded = new Map<string, LoadedEpisode>();
  for (const d of drilldowns)
    if (d.steps && d.metrics) loaded.set(d.record.id, { steps: [...d.steps], metrics: d.metrics, problem: null });
  return {
    summary,
    episodes: c.episodes,
    failed: c.failed,
    drift: c.drift,
    primaryModes: c.primaryModes,
    recoveryByKind: c.recoveryByKind,
    handoffs: handoffFidelity(dir, c.sample, c.episodes, c.roles, loaded),
    drilldowns,
    drilldownsOmitted: c.failed - drilldowns.length,
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
