/**
 * A run directory is made with its missing parents, and a path that cannot be one is a usage error
 * naming `--out`: a file, a path under a file, or a place where nothing can be made (under /proc,
 * where Node 20's recursive mkdir never returns).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureRunDir } from '../../src/run/run-dir.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { mergeRuns } from '../../src/run/merge.js';

let root: string;
beforeAll(() => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-run-dir-'));
  writeFileSync(join(root, 'results.json'), '{}');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function refusal(make: () => unknown): InvalidArgumentError {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return e as InvalidArgumentError;
  }
  throw new Error('expected the path to be refused');
}

it('makes a directory with its missing parents, and accepts one that exists', () => {
  const deep = join(root, 'a', 'b', 'c');
  ensureRunDir(deep);
  expect(statSync(deep).isDirectory()).toBe(true);
  ensureRunDir(deep);
  ensureRunDir(root);
});

it('refuses a file, a path under a file and a place where nothing can be made, naming the field', () => {
  const file = join(root, 'results.json');
  expect(refusal(() => ensureRunDir(file)).message).toBe(
    `--out: got "${file}", expected a directory, but it is a file. Fix: pass the path of a directory (it is created if missing).`,
  );
  expect(refusal(() => ensureRunDir(join(file, 'run'), 'merge --out')).message).toMatch(
    new RegExp(`^merge --out: .*expected a directory, but ${file} is a file`),
  );
  // Linux's /proc refuses new entries with ENOENT: an error, at once.
  expect(existsSync('/proc/self')).toBe(true);
  expect(refusal(() => ensureRunDir('/proc/faultline-nowhere/run')).message).toContain(
    'making /proc/faultline-nowhere failed (ENOENT)',
  );
});

it('run and merge refuse such an --out before anything runs', async () => {
  const file = join(root, 'results.json');
  await expect(
    runEvaluation({ envs: ['deploy/rollout-v2'], teams: ['oracle'], seeds: [0], out: file }),
  ).rejects.toThrow(/--out: got .*expected a directory, but it is a file/);
  const shard = join(root, 'shard');
  await runEvaluation({ envs: ['deploy/rollout-v2'], teams: ['oracle'], seeds: [0], out: shard });
  expect(() => mergeRuns([shard], join(file, 'merged'))).toThrow(/--out: .*but .*results\.json is a file/);
});
