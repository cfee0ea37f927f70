/**
 * Runs at scale: results identical for any worker count, resumable after a crash or an abort
 * (torn lines redone), shards merged into the unsharded run, and paired comparisons.
 */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation, type RunOptions } from '../../src/run/runner.js';
import { mergeRuns } from '../../src/run/merge.js';
import { compareRuns } from '../../src/run/compare.js';
import { formatSeedList, readManifest } from '../../src/run/manifest.js';
import { seeds } from '../support/sizes.js';

const PLAN = {
  envs: ['filesystem/rename-symbol-v1', 'flaky-api/reconcile-refunds-v1'],
  teams: ['oracle', 'brittle'],
  // 3 seeds give 24 episodes: enough for an abort after 13 (or 20 with 2 workers) and 3 non-empty shards.
  seeds: seeds(3, 5),
  trials: 2,
  perturb: 'production',
} satisfies RunOptions;
/** Episodes in the plan. */
const N = PLAN.envs.length * PLAN.teams.length * PLAN.seeds.length * PLAN.trials;

let dir: string;
let reference: string;
beforeAll(async () => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-scale-'));
  reference = join(dir, 'reference');
  await runEvaluation({ ...PLAN, out: reference });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Asserts two run directories hold identical results (episodes, trajectories, summary). */
function expectSameResults(a: string, b: string): void {
  for (const file of ['episodes.jsonl', 'summary.json'])
    expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
  const files = readdirSync(join(a, 'trajectories')).sort();
  expect(readdirSync(join(b, 'trajectories')).sort()).toEqual(files);
  for (const f of files)
    expect(readFileSync(join(b, 'trajectories', f), 'utf8')).toBe(readFileSync(join(a, 'trajectories', f), 'utf8'));
}

describe('parallel runs', () => {
  it('give byte-identical files with 2 workers as with 1, and keep timings out of summary.json', async () => {
    const out = join(dir, 'workers2');
    const result = await runEvaluation({ ...PLAN, out, workers: 2, setup: [BUILTINS_SETUP] });
    expect(result.records).toHaveLength(N);
    expectSameResults(reference, out);
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');
    expect(summary).not.toMatch(/seconds|workers|startedAt|\/tmp/);
    expect(readManifest(out)).toMatchObject({ status: 'complete', workers: 2, planned: N, recorded: N });
  });
});

describe('resumable runs', () => {
  it('finish an aborted run with none lost or duplicated', async () => {
    const out = join(dir, 'aborted');
    const controller = new AbortController();
    const first = await runEvaluation({
      ...PLAN,
      out,
      signal: controller.signal,
      onEpisode: (_r, done) => done === 13 && controller.abort(),
    });
    expect(first.interrupted).toBe(true);
    expect(first.records).toHaveLength(13);
    expect(readManifest(out)?.status).toBe('interrupted');
    const second = await runEvaluation({ ...PLAN, out, resume: true });
    expect(second.ran).toBe(N - 13);
    expect(second.interrupted).toBe(false);
    expectSameResults(reference, out);
  });

  it('redo a torn last line and an episode whose line never made it', async () => {
    const out = join(dir, 'torn');
    const controller = new AbortController();
    await runEvaluation({
      ...PLAN,
      out,
      workers: 2,
      setup: [BUILTINS_SETUP],
      signal: controller.signal,
      onEpisode: (_r, done) => done === 20 && controller.abort(),
    });
    const lines = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n');
    // Simulate kill -9 mid-write: the last line is cut in half.
    writeFileSync(join(out, 'episodes.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    appendFileSync(join(out, 'episodes.jsonl'), (lines.at(-1) as string).slice(0, 40));
    let discarded = -1;
    const resumed = await runEvaluation({
      ...PLAN,
      out,
      workers: 2,
      setup: [BUILTINS_SETUP],
      resume: true,
      onStart: (info) => (discarded = info.discarded),
    });
    expect(discarded).toBe(1);
    expect(resumed.ran).toBe(N - (lines.length - 1));
    expectSameResults(reference, out);
  });

  it('refuse to resume with a different plan, naming the difference', async () => {
    await expect(runEvaluation({ ...PLAN, seeds: [0, 1], out: reference, resume: true })).rejects.toThrow(
      `seeds: the recorded run has ${formatSeedList(PLAN.seeds)} (${PLAN.seeds.length} seeds), this command has 0-1 (2 seeds); pass --seeds ${formatSeedList(PLAN.seeds)} to match the recorded run.`,
    );
    await expect(runEvaluation({ ...PLAN, out: join(dir, 'never-ran'), resume: true })).rejects.toThrow(/no run\.json/);
  });
});

describe('shards', () => {
  it('merge into a run identical to the unsharded one, and refuse incomplete sets', async () => {
    const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));
    for (const [i, out] of shards.entries()) await runEvaluation({ ...PLAN, out, shard: { index: i + 1, count: 3 } });
    const sizes = shards.map((s) => readFileSync(join(s, 'episodes.jsonl'), 'utf8').trim().split('\n').length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(N);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    const merged = join(dir, 'merged');
    mergeRuns(shards, merged);
    expectSameResults(reference, merged);
    expect(() => mergeRuns(shards.slice(0, 2), join(dir, 'merged-2'))).toThrow(/shard 3\/3 missing/);
    expect(() => mergeRuns([shards[0]!, shards[0]!, shards[1]!], join(dir, 'merged-3'))).toThrow(/both shard 1\/3/);
  });
});

describe('compareRuns', () => {
  it('finds oracle vs brittle significantly different and a run vs its rerun not', async () => {
    const oracle = join(dir, 'cmp-oracle');
    const brittle = join(dir, 'cmp-brittle');
    await runEvaluation({ ...PLAN, teams: ['oracle'], seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], out: oracle });
    await runEvaluation({ ...PLAN, teams: ['brittle'], seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], out: brittle });
    const diff = compareRuns(oracle, brittle);
    expect(diff.shared).toBe(40);
    expect(diff.overall.success.significant).toBe(true);
    expect(diff.overall.success.difference).toBeLessThan(0);
    expect(diff.overall.failureModes.recoveryFailure.significant).toBe(true);
    const same = compareRuns(reference, join(dir, 'workers2'));
    expect(same.cells.every((c) => !c.success.significant && c.success.difference === 0)).toBe(true);
    expect(Object.values(same.overall.failureModes).every((d) => !d.significant)).toBe(true);
  });

  it('says when runs cannot be compared', async () => {
    const other = join(dir, 'other-seeds');
    await runEvaluation({ ...PLAN, seeds: [50], trials: 1, out: other });
    expect(() => compareRuns(reference, other)).toThrow(/share no episodes.*no seed in common/);
    const relabelled = join(dir, 'relabelled');
    mergeRuns([reference], relabelled);
    const lines = readFileSync(join(relabelled, 'episodes.jsonl'), 'utf8')
      .replaceAll('rename-symbol-v1', 'rename-symbol-v9')
      .replaceAll('reconcile-refunds-v1', 'reconcile-refunds-v9')
      // Edited records fail their checksums; without one they read as an older run's records.
      .replace(/,"checksum":"[0-9a-f]{64}"/g, '');
    writeFileSync(join(relabelled, 'episodes.jsonl'), lines);
    for (const f of readdirSync(join(relabelled, 'trajectories')))
      writeFileSync(join(relabelled, 'trajectories', f.replace('-v1', '-v9')), '');
    expect(() => compareRuns(reference, relabelled)).toThrow(
      /different env versions \(filesystem\/rename-symbol-v1 vs filesystem\/rename-symbol-v9/,
    );
  });
});
