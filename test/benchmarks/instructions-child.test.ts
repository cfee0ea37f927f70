/**
 * The child process benchmarks/instructions.ts runs under valgrind, run here without it (the count
 * itself needs valgrind, which the tests do not): it records the episodes it is asked for, and
 * refuses a bad count. A process through tsx for a few seconds, so it runs in `npm run test:full`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'benchmarks/instructions-child.mjs');

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
