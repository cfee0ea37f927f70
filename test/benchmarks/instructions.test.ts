/**
 * The instruction-count before/after (benchmarks/instructions.ts): reading valgrind's summary,
 * the per-episode arithmetic, and the child it runs under valgrind, run here without valgrind
 * (the count itself needs valgrind, which `npm test` does not).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { instructionsFromSummary, perEpisode } from '../../benchmarks/instructions.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'benchmarks/instructions-child.mjs');

describe('instructionsFromSummary', () => {
  it("reads cachegrind's instruction count, with its thousands separators", () => {
    const stderr = [
      '==28631== Cachegrind, a high-precision tracing profiler',
      '==28631== Command: node --import tsx child.mjs',
      '==28631== ',
      '==28631== I   refs:      20,134,019,727',
      '',
    ].join('\n');
    expect(instructionsFromSummary(stderr)).toBe(20_134_019_727);
  });

  it('is null when valgrind printed no count (it failed before the end)', () => {
    expect(instructionsFromSummary('==1== Cachegrind, a high-precision tracing profiler\nKilled\n')).toBeNull();
    expect(instructionsFromSummary('I refs: 12')).toBeNull();
  });
});

describe('perEpisode', () => {
  it('is what the extra episodes cost, without the start-up both runs paid', () => {
    // Start-up 7e9, then 1.9e7 per episode.
    const at = (episodes: number) => ({ episodes, instructions: 7e9 + 1.9e7 * episodes });
    expect(perEpisode(at(100), at(600))).toBeCloseTo(1.9e7, 0);
  });

  it('refuses runs in the wrong order, naming both counts', () => {
    expect(() => perEpisode({ episodes: 600, instructions: 2e10 }, { episodes: 100, instructions: 1e10 })).toThrow(
      /more episodes \(got 600 and 100\)/,
    );
  });
});

describe('the child process', () => {
  const runs = mkdtempSync(join(tmpdir(), 'faultline-instructions-test-'));
  afterAll(() => rmSync(runs, { recursive: true, force: true }));
  const child = (...args: string[]) =>
    run(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, ...args], { cwd: ROOT });

  it('records the episodes it is asked for, as a run directory', async () => {
    await child(ROOT, 'flaky-api/migrate-records-v1', '3', runs);
    const [dir] = readdirSync(runs);
    const records = readFileSync(join(runs, dir as string, 'episodes.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(records.map((line) => (JSON.parse(line) as { seed: number }).seed)).toEqual([0, 1, 2]);
    expect(readdirSync(join(runs, dir as string, 'trajectories'))).toHaveLength(3);
  }, 60_000);

  it('refuses a count that is not a whole number, saying what it expected', async () => {
    const failure = (await child(ROOT, 'flaky-api/migrate-records-v1', 'many', runs).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: number; stderr?: string } | null;
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/expected ROOT ENV COUNT RUNS .*"many"/);
  }, 60_000);
});
