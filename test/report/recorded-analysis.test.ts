/**
 * The report renders the analysis the run recorded; `reanalyze` recomputes it on purpose; an
 * analysis of another version, or none, is said so in the report.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { readTrajectory } from '../../src/run/replay.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { analyzeEpisode } from '../../src/metrics/analyze.js';
import { ANALYSIS_VERSION } from '../../src/metrics/version.js';
import { gatherReport } from '../../src/report/html/gather.js';
import { renderReportData } from '../../src/report/html/render.js';

let root: string;
let run: string;

beforeAll(async () => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-analysis-'));
  run = join(root, 'run');
  await runEvaluation({
    envs: ['filesystem/rename-symbol-v1'],
    teams: ['brittle'],
    seeds: [0, 1, 2, 3],
    perturb: 'production',
    out: run,
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the run (what the report reads) with its trajectory footers and records rewritten. */
function variantOfRun(
  name: string,
  footer: (f: Record<string, unknown>) => Record<string, unknown>,
  record: (r: Record<string, unknown>) => Record<string, unknown> = (r) => r,
): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'trajectories'), { recursive: true });
  const copy = (rel: string, line: (l: Record<string, unknown>) => Record<string, unknown>) => {
    const lines = readFileSync(join(run, rel), 'utf8').split('\n');
    const mapped = lines.map((l) => (l ? JSON.stringify(line(JSON.parse(l) as Record<string, unknown>)) : l));
    writeFileSync(join(dir, rel), mapped.join('\n'));
  };
  writeFileSync(join(dir, 'summary.json'), readFileSync(join(run, 'summary.json')));
  copy('episodes.jsonl', record);
  for (const f of readdirSync(join(run, 'trajectories')))
    copy(join('trajectories', f), (l) => ('end' in l ? footer(l) : l));
  return dir;
}

describe('recorded analysis', () => {
  it('each record carries the analysis version, and each trajectory footer the full analysis', () => {
    const records = readFileSync(join(run, 'episodes.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EpisodeRecord);
    for (const r of records) {
      expect(r.analysisVersion).toBe(ANALYSIS_VERSION);
      const { steps, footer } = readTrajectory(join(run, r.trajectoryFile));
      expect(footer?.analysis?.version).toBe(ANALYSIS_VERSION);
      expect(footer?.analysis?.metrics).toEqual(analyzeEpisode({ ...r, trajectory: steps }));
    }
  });

  it('the report shows the recorded analysis, and recomputes it only with reanalyze', () => {
    // A recorded analysis that saw no handoffs: the report must show that, not recompute.
    const dir = variantOfRun('no-handoffs', (f) => {
      const analysis = f['analysis'] as { version: number; metrics: { handoffLoss: Record<string, unknown> } };
      return {
        ...f,
        analysis: {
          ...analysis,
          metrics: { ...analysis.metrics, handoffLoss: { ...analysis.metrics.handoffLoss, handoffs: [] } },
        },
      };
    });
    const recorded = gatherReport(dir);
    expect(recorded.cells[0]?.handoffs.analyzed).toBeGreaterThan(0);
    expect(recorded.cells[0]?.handoffs.pairs).toEqual([]);
    expect(recorded.analysis).toEqual({
      current: ANALYSIS_VERSION,
      reanalyzed: false,
      recorded: [{ version: ANALYSIS_VERSION, episodes: 4 }],
    });
    const again = gatherReport(dir, { reanalyze: true });
    expect(again.cells[0]?.handoffs.pairs.length).toBeGreaterThan(0);
    expect(again.analysis.reanalyzed).toBe(true);
    expect(renderReportData(again)).toContain('reanalyzed');
  });

  it('an analysis of another version is shown as recorded, with a note', () => {
    const dir = variantOfRun(
      'old-version',
      (f) => f,
      (r) => ({ ...r, analysisVersion: 0 }),
    );
    const data = gatherReport(dir);
    expect(data.analysis.recorded).toEqual([{ version: 0, episodes: 4 }]);
    expect(renderReportData(data)).toContain(
      `analyzed by analysis version 0 (this faultline has version ${ANALYSIS_VERSION})`,
    );
  });

  it('a run that recorded no analysis is analyzed now, and the report says so', () => {
    const dir = variantOfRun(
      'no-analysis',
      ({ analysis: _analysis, ...f }) => f,
      ({ analysisVersion: _version, ...r }) => r,
    );
    const data = gatherReport(dir);
    expect(data.analysis.recorded).toEqual([{ version: null, episodes: 4 }]);
    const drilldowns = data.cells.flatMap((c) => c.drilldowns);
    expect(drilldowns.length).toBeGreaterThan(0);
    for (const d of drilldowns) expect(d.analysis?.source).toBe('not-recorded');
    const html = renderReportData(data);
    expect(html).toContain('recorded before analyses were versioned');
    expect(html).toContain('The run recorded no analysis for this episode');
  });
});
