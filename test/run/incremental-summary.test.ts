/**
 * The summary a run builds one record at a time (holding no records) is the one `summarize`
 * gives for all of them at once: on 2 workers, whose records arrive out of order, after an
 * interruption and after the resume that finishes it, in a new run complete in one go, and without
 * a run directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation, type RunOptions } from '../../src/run/runner.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';
import { summarize } from '../../src/run/summary.js';
import { compareKeys } from '../../src/run/episode-id.js';

const PLAN = {
  envs: ['deploy/rollout-v2'],
  teams: ['oracle', 'brittle'],
  seeds: [0, 1],
  trials: 2,
  perturb: 'production',
  workers: 2,
  setup: [BUILTINS_SETUP],
  keepRecords: false,
} satisfies RunOptions;
const N = 8;

let dir: string;
beforeAll(() => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-incremental-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The summary of a directory's records computed the old way: all records at once. */
function allAtOnce(out: string): string {
  return JSON.stringify(summarize(readRecordedEpisodes(out).records));
}

describe('the incremental summary of a run', () => {
  it('equals the all-at-once one on 2 workers, interrupted and resumed, and holds no records', async () => {
    const out = join(dir, 'resumed');
    const controller = new AbortController();
    const first = await runEvaluation({
      ...PLAN,
      out,
      signal: controller.signal,
      onEpisode: (_r, done) => done === 3 && controller.abort(),
    });
    expect(first.interrupted).toBe(true);
    expect(first.records).toEqual([]);
    expect(JSON.stringify(first.summary)).toBe(allAtOnce(out));
    expect(first.highlights.recorded).toBe(readRecordedEpisodes(out).records.length);

    const second = await runEvaluation({ ...PLAN, out, resume: true });
    expect(second.interrupted).toBe(false);
    expect(second.highlights.recorded).toBe(N);
    expect(JSON.stringify(second.summary)).toBe(allAtOnce(out));
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(`${JSON.stringify(second.summary, null, 2)}\n`);
    const lines = readRecordedEpisodes(out).records;
    expect(lines.map((r) => r.id)).toEqual([...lines].sort(compareKeys).map((r) => r.id));
    expect(second.highlights.firstTrajectoryFile).toBe(lines[0]?.trajectoryFile);

    // A new run, complete in one go, folds its records as they come: the same summary, the file
    // rewritten in key order, byte for byte the resumed run's.
    const fresh = join(dir, 'fresh');
    const once = await runEvaluation({ ...PLAN, out: fresh });
    expect(JSON.stringify(once.summary)).toBe(allAtOnce(fresh));
    expect(JSON.stringify(once.summary)).toBe(JSON.stringify(second.summary));
    expect(readFileSync(join(fresh, 'episodes.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'episodes.jsonl'), 'utf8'));
    expect(readFileSync(join(fresh, 'summary.json'), 'utf8')).toBe(readFileSync(join(out, 'summary.json'), 'utf8'));

    // Without a run directory the records are put back in order as they come.
    const unrecorded = await runEvaluation({ ...PLAN });
    expect(JSON.stringify(unrecorded.summary)).toBe(JSON.stringify(second.summary));
  });
});
