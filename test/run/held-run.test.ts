/**
 * A run directory that holds a run is never started over by accident: `runEvaluation` and
 * `mergeRuns` refuse it, naming the directory, what it holds and the flags that go on, and leave
 * every file of the recorded run as it was; `overwrite` replaces it, `resume` adds to it.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { mergeRuns } from '../../src/run/merge.js';
import { assertOutGiven, heldRun } from '../../src/run/held-run.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

const ENV = 'deploy/rollout-v2';
let root: string;
beforeAll(() => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-held-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` (relative path → content), to show a refused run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
  }
  return out;
}

async function refusal(run: () => unknown): Promise<InvalidArgumentError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return e as InvalidArgumentError;
  }
  throw new Error('expected the directory to be refused');
}

describe('a directory that holds a run', () => {
  it('is refused by a new run, which leaves its files untouched', async () => {
    const out = join(root, 'kept');
    await runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0, 1], out });
    const before = snapshot(out);
    expect(Object.keys(before)).toContain('episodes.jsonl');

    const error = await refusal(() => runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [5], out }));
    expect(error.field).toBe('--out');
    expect(error.message).toContain(out);
    expect(error.message).toMatch(/already holds a complete run of 2\/2 episodes started \d{4}-/);
    expect(error.message).toContain('--resume');
    expect(error.message).toContain('--overwrite');
    expect(snapshot(out)).toEqual(before);
  });

  it('is replaced with overwrite, and added to with resume', async () => {
    const out = join(root, 'replaced');
    await runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0, 1], out });
    const replaced = await runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [5], out, overwrite: true });
    expect(replaced.records.map((r) => [r.team, r.seed])).toEqual([['noop', 5]]);
    expect(readdirSync(join(out, 'trajectories'))).toHaveLength(1);
    expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);

    // Resuming a complete run keeps it: nothing is run again, nothing is deleted.
    const kept = snapshot(out);
    const resumed = await runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [5], out, resume: true });
    expect(resumed.records).toHaveLength(1);
    expect(snapshot(out)['episodes.jsonl']).toBe(kept['episodes.jsonl']);

    const both = await refusal(() =>
      runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [5], out, resume: true, overwrite: true }),
    );
    expect(both.field).toBe('--overwrite');
    expect(both.message).toContain('--resume');
    const nowhere = await refusal(() => runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [5], overwrite: true }));
    expect(nowhere.message).toContain('--out');
  });

  it('is refused by a merge, which merges there with overwrite', async () => {
    const shards = [1, 2].map((index) => join(root, `shard-${index}`));
    for (const [i, dir] of shards.entries())
      await runEvaluation({
        envs: [ENV],
        teams: ['oracle'],
        seeds: [0, 1],
        out: dir,
        shard: { index: i + 1, count: 2 },
      });
    const out = join(root, 'merge-target');
    await runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [9], out });
    const before = snapshot(out);

    const error = await refusal(() => mergeRuns(shards, out));
    expect(error.field).toBe('merge --out');
    expect(error.message).toContain('--overwrite');
    expect(error.message).not.toContain('--resume');
    expect(snapshot(out)).toEqual(before);

    expect(mergeRuns(shards, out, { overwrite: true }).episodes).toBe(2);
  });

  it('is told from one that holds none by its run.json, episodes.jsonl or trajectories', () => {
    const dir = join(root, 'kinds');
    expect(heldRun(dir)).toBeNull(); // missing
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(heldRun(dir)).toBeNull(); // other files and an empty trajectories/ only
    writeFileSync(join(dir, 'trajectories', 'a.jsonl'), '{}\n');
    expect(heldRun(dir)).toBe('a run (its trajectories/)');
    writeFileSync(join(dir, 'episodes.jsonl'), '');
    expect(heldRun(dir)).toBe('a run (its episodes.jsonl)');
  });

  it('--resume, --overwrite and the like need --out: the first one set without it is named', async () => {
    expect(() => assertOutGiven(undefined, { '--resume': false, '--overwrite': undefined })).not.toThrow();
    expect(() => assertOutGiven('runs/x', { '--resume': true, '--overwrite': true })).not.toThrow();
    expect(() => assertOutGiven(undefined, { '--resume': false, '--record-abandoned': true })).toThrow(
      /--record-abandoned: got true, expected to be used with --out DIR.*Fix: add --out DIR, or drop --record-abandoned/,
    );
    await expect(runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0], overwrite: true })).rejects.toThrow(
      /--overwrite: .*--out DIR/,
    );
  });
});
