/**
 * Gathering the report's model from a run directory: one streaming pass over `episodes.jsonl`,
 * then the trajectories of the drill-downs and of each cell's handoff sample — nothing else is
 * read, so a run of tens of thousands of episodes reports in seconds. Every figure is the
 * analysis the run recorded; with `reanalyze` every episode's trajectory is read and analyzed
 * again, and the summary is recomputed from the new analyses.
 */
import { basename } from 'node:path';
import { compactMetrics } from '../../metrics/compact.js';
import { ANALYSIS_VERSION } from '../../metrics/version.js';
import type { EpisodeRecord } from '../../run/records.js';
import { summarize, type RunSummary, type SummaryCell } from '../../run/summary.js';
import { BlameCollector } from './blame-collect.js';
import { readBlameFile } from './blame-file.js';
import { RecordCollector, type CellCollection } from './collect.js';
import type { AnalysisVersions, CellData, ReportData } from './model.js';
import { forEachRecord, readManifestLoosely, readSummary, runDirFiles } from './run-dir.js';
import { drilldownOf, handoffFidelity, loadEpisode, type LoadedEpisode } from './trajectories.js';

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
  /**
   * Recompute every episode's analysis with this code instead of showing what the run
   * recorded: reads every trajectory file. @defaultValue false
   */
  readonly reanalyze?: boolean;
}

/** Reads a run directory into the report model. Throws a clear error for a non-run directory. */
export function gatherReport(dir: string, limits: ReportLimits = {}): ReportData {
  const files = runDirFiles(dir);
  const recordedSummary = readSummary(files);
  const manifest = readManifestLoosely(files);
  const reanalyze = limits.reanalyze ?? false;
  const resolved = {
    drilldownsPerCell: limits.drilldownsPerCell ?? 20,
    handoffSamplePerCell: limits.handoffSamplePerCell ?? 200,
  };
  const collector = new RecordCollector(resolved);
  const blame = new BlameCollector(readBlameFile(files.dir));
  const versions = new Map<number | null, number>();
  // Reanalyzed records are kept to recompute the summary; a recorded run is streamed.
  const reanalyzed: EpisodeRecord[] = [];
  const read = forEachRecord(files, (recorded) => {
    versions.set(recorded.analysisVersion ?? null, (versions.get(recorded.analysisVersion ?? null) ?? 0) + 1);
    const r = reanalyze ? reanalyzeRecord(files.dir, recorded) : recorded;
    if (reanalyze) reanalyzed.push(r);
    collector.add(r);
    blame.add(r);
  });
  const summary = reanalyze ? resummarize(recordedSummary, reanalyzed, manifest) : recordedSummary;
  const cells = summary.cells.map((s) => cellData(files.dir, s, collector.cell(s.env, s.team), reanalyze, blame));
  const seeds = [...collector.seeds].sort((a, b) => a - b);
  const analysis: AnalysisVersions = {
    current: ANALYSIS_VERSION,
    reanalyzed: reanalyze,
    recorded: [...versions.entries()]
      .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
      .map(([version, episodes]) => ({ version, episodes })),
  };
  return {
    name: basename(files.dir),
    summary,
    analysis,
    manifest,
    cells,
    envs: sortedUnique(summary.cells.map((c) => c.env)),
    teams: sortedUnique(summary.cells.map((c) => c.team)),
    run: {
      episodes: read.records,
      skippedLines: read.skipped,
      profiles: [...collector.profiles].sort(),
      worldSizes: [...collector.worldSizes].sort((a, b) => a - b),
      seeds: { count: seeds.length, min: seeds[0] ?? 0, max: seeds[seeds.length - 1] ?? 0 },
      trials: collector.trials,
      variants: collector.variants,
    },
    blame: blame.result(),
    limits: resolved,
  };
}

/** A record whose compact metrics are recomputed from its trajectory (left as recorded if unreadable). */
function reanalyzeRecord(dir: string, record: EpisodeRecord): EpisodeRecord {
  const loaded = loadEpisode(dir, record, true);
  return loaded.metrics
    ? { ...record, metrics: compactMetrics(loaded.metrics), analysisVersion: ANALYSIS_VERSION }
    : record;
}

/** The summary of reanalyzed records, counting errors as the run did. */
function resummarize(
  recorded: RunSummary,
  records: readonly EpisodeRecord[],
  manifest: Readonly<Record<string, unknown>> | null,
): RunSummary {
  const config = manifest?.['config'];
  const countErrors =
    typeof config === 'object' && config !== null && (config as Record<string, unknown>)['countErrors'] === true;
  const summary = summarize(records, { countErrors });
  // Cells the summary names but episodes.jsonl lacks stay as recorded (see cellData).
  const cells = recorded.cells.map((c) => summary.cells.find((s) => s.env === c.env && s.team === c.team) ?? c);
  return { ...summary, cells };
}

function cellData(
  dir: string,
  summary: SummaryCell,
  c: CellCollection | null,
  reanalyze: boolean,
  blame: BlameCollector,
): CellData {
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
      usage: null,
      drilldowns: [],
      drilldownsOmitted: 0,
    };
  }
  const drilldowns = c.drilldowns.map((r) => drilldownOf(dir, r, reanalyze, blame.entryFor(r)));
  // A drill-down episode that is also in the sample is not read twice.
  const loaded = new Map<string, LoadedEpisode>();
  for (const d of drilldowns)
    if (d.steps && d.metrics && d.analysis)
      loaded.set(d.record.id, { steps: [...d.steps], metrics: d.metrics, analysis: d.analysis, problem: null });
  return {
    summary,
    episodes: c.episodes,
    failed: c.failed,
    drift: c.drift,
    primaryModes: c.primaryModes,
    recoveryByKind: c.recoveryByKind,
    handoffs: handoffFidelity(dir, c.sample, c.episodes, c.roles, loaded, reanalyze),
    usage: c.usage,
    drilldowns,
    drilldownsOmitted: c.failed - drilldowns.length,
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
