/**
 * A process started with V8 flags a worker thread refuses (`--expose-gc`, `--max-old-space-size`,
 * as for a large run) still starts its workers: `faultline run --workers 2` records every episode
 * with the digests of a plain run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-worker-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(nodeFlags: readonly string[], out: string): { code: number | null; stderr: string; digests: string[] } {
  const r = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      BIN,
      'run',
      '--env',
      'flaky-api/migrate-records-v1',
      '--team',
      'oracle',
      '--seeds',
      '0-3',
      '--workers',
      '2',
      '--out',
      join(dir, out),
      '--quiet',
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  const lines =
    r.status === 0
      ? readFileSync(join(dir, out, 'episodes.jsonl'), 'utf8')
          .trim()
          .split('\n')
      : [];
  const digests = lines.map((l) => (JSON.parse(l) as { digest: string }).digest);
  return { code: r.status, stderr: r.stderr, digests };
}

it('faultline run --workers 2 under node --expose-gc --max-old-space-size=2048 records every episode', () => {
  const flagged = run(['--expose-gc', '--max-old-space-size=2048'], 'flagged');
  expect(flagged.stderr).not.toContain('ERR_WORKER_INVALID_EXEC_ARGV');
  expect(flagged.code).toBe(0);
  expect(flagged.digests).toHaveLength(4);
  const plain = run([], 'plain');
  expect(plain.code).toBe(0);
  expect(flagged.digests).toEqual(plain.digests);
});
