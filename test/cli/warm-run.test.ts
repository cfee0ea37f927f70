/** When `faultline` starts a run's workers before its modules load (cli/warm-run.ts): only for a plain run on workers. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WARM_WORKERS, warmWorkersFor } from '../../src/cli/warm-run.js';

const argv = (...args: string[]) => ['node', 'faultline', ...args];

describe('warmWorkersFor', () => {
  it('reads --workers of a run, in either spelling', () => {
    expect(warmWorkersFor(argv('run', '--env', 'all', '--team', 'oracle', '--workers', '2'))).toBe(2);
    expect(warmWorkersFor(argv('run', '--workers=3', '--seeds', '0-9'))).toBe(3);
    expect(warmWorkersFor(argv('run', '--workers', '500'))).toBe(MAX_WARM_WORKERS);
  });

  it('starts nothing for one worker, another command, help, a queue, or a --workers it cannot be sure of', () => {
    expect(warmWorkersFor(argv('run', '--workers', '1'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--env', 'all'))).toBe(0);
    expect(warmWorkersFor(argv('demo', '--workers', '2'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '2', '--help'))).toBe(0);
    expect(warmWorkersFor(argv('run', '-h', '--workers', '2'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '2', '--queue', 'redis://127.0.0.1'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--queue=redis://127.0.0.1', '--workers', '2'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '2', '--workers', '4'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', 'two'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '-2'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers'))).toBe(0);
    expect(warmWorkersFor(argv('run', '--', '--workers', '2'))).toBe(0);
  });

  it('starts nothing for an --out the run will refuse: it holds a run, and neither --resume nor --overwrite is given', () => {
    const root = mkdtempSync(join(tmpdir(), 'faultline-warm-run-'));
    const held = join(root, 'held');
    mkdirSync(held);
    writeFileSync(join(held, 'episodes.jsonl'), '');
    const fresh = join(root, 'fresh');
    expect(warmWorkersFor(argv('run', '--workers', '2', '--out', held))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '2', `--out=${held}`))).toBe(0);
    expect(warmWorkersFor(argv('run', '--workers', '2', '--out', held, '--resume'))).toBe(2);
    expect(warmWorkersFor(argv('run', '--overwrite', '--workers', '2', '--out', held))).toBe(2);
    expect(warmWorkersFor(argv('run', '--workers', '2', '--out', fresh))).toBe(2);
  });
});
