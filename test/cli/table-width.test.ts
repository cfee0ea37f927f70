/**
 * The tables of `faultline run`, `merge` and `compare` as a user meets them: at COLUMNS=80 and
 * 120 no table line is wider than the terminal; piped without COLUMNS, and with --wide, every
 * column.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/report/text-width.js';
import { cliInProcess } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'faultline-table-width-'));
const GRID = [
  '--env',
  'deploy/rollout-v2,filesystem/rename-symbol-v1',
  '--team',
  'oracle,brittle,random',
  '--seeds',
  '0-1',
  '--trials',
  '2',
];
const saved = process.env.COLUMNS;

async function cli(args: readonly string[], columns?: number) {
  if (columns === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = String(columns);
  const r = await cliInProcess(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** The table's lines: everything before the run's closing lines. */
function tableLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  const end = lines.findIndex((l) => /^(\d+ episodes in|Merged \d+ shards)/.test(l));
  return lines.slice(0, end < 0 ? lines.length : end).filter((l) => l !== '');
}

function widest(lines: readonly string[]): number {
  return Math.max(...lines.map(displayWidth));
}

beforeAll(async () => {
  for (const shard of ['1/2', '2/2'])
    await cli(['run', ...GRID, '--perturb', 'production', '--shard', shard, '--out', join(root, `shard-${shard[0]}`)]);
  await cli(['run', ...GRID, '--perturb', 'chaos', '--out', join(root, 'chaos')]);
});

afterEach(() => {
  if (saved === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = saved;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('table width at the command line', () => {
  it.each([80, 120])('run: at COLUMNS=%i no table line is wider', async (columns) => {
    const lines = tableLines(await cli(['run', ...GRID, '--perturb', 'production'], columns));
    expect(lines.length).toBeGreaterThanOrEqual(7);
    expect(widest(lines)).toBeLessThanOrEqual(columns);
    expect(lines[0]).toMatch(/^env +team +.*success \[95% CI\] +pass\^2 .*failure modes$/);
    expect(lines.filter((l) => /^deploy\/rollout +brittle +4 +50\.0% \[15–85\]/.test(l))).toHaveLength(1);
  });

  it('run: piped without COLUMNS the table is complete and plain; --wide is complete at any width', async () => {
    const piped = tableLines(await cli(['run', ...GRID, '--perturb', 'production']));
    expect(piped).toHaveLength(7);
    expect(piped[0]).toMatch(
      /^env +team +episodes +success \[95% CI\] +pass\^2 +flip +score .* no progress +injected$/,
    );
    expect(piped.join('\n')).not.toMatch(/[─│┌]/);
    const wide = tableLines(await cli(['run', ...GRID, '--perturb', 'production', '--wide'], 80));
    expect(wide).toEqual(piped);
  });

  it.each([80, 120])('merge and compare: at COLUMNS=%i no table line is wider', async (columns) => {
    const merged = join(root, `merged-${columns}`);
    const mergeOut = await cli(['merge', join(root, 'shard-1'), join(root, 'shard-2'), '--out', merged], columns);
    expect(mergeOut).toMatch(/Merged 2 shards: 24 episodes/);
    const mergeTable = tableLines(mergeOut);
    expect(mergeTable.length).toBeGreaterThanOrEqual(7);
    expect(widest(mergeTable)).toBeLessThanOrEqual(columns);
    const compare = (await cli(['compare', merged, join(root, 'chaos')], columns)).trimEnd().split('\n');
    expect(compare[0]).toMatch(/^env +team/);
    expect(compare.join(' ')).toContain('paired episodes');
    expect(widest(compare)).toBeLessThanOrEqual(columns);
  });
});
