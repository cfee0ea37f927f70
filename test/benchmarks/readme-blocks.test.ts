/**
 * The README blocks of the LLM and OpenEnv benchmarks are written by their commands
 * (`npm run bench -- --llm-only --update-readme`, `benchmarks/openenv.ts --record --update-readme`),
 * not by hand: the formatting, and the shape of what the README holds now. Also the main block's
 * line on the RSS curve, which says what was measured.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOOR_LIMIT, floorInBlock, formatBlock, replaceBlock, type TableRow } from '../../benchmarks/readme-table.js';
import { LLM_MARKERS, formatLlmBlock, type ConcurrencyPoint, type LlmBench } from '../../benchmarks/llm.js';
import { OPENENV_MARKERS, formatOpenEnvBlock } from '../../benchmarks/openenv-table.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The text between a block's markers in the README. */
function readmeBlock(markers: { start: string; end: string }): string {
  const start = README.indexOf(markers.start);
  const end = README.indexOf(markers.end, start);
  expect(start, `README.md has no ${markers.start}`).toBeGreaterThan(0);
  return README.slice(start + markers.start.length, end);
}

const point = (inFlight: number): ConcurrencyPoint => ({
  inFlight,
  workers: 1,
  episodes: 9 * inFlight,
  requests: 410 * inFlight,
  wallSeconds: 45.25,
  busy: 0.9,
  meanInService: inFlight * 0.9,
  shareAtLeast60: 0,
  steadyBusy: inFlight === 1 ? null : 0.97,
  steadySeconds: inFlight === 1 ? null : 36.1,
  requestsPerSecond: 4.8 * inFlight,
  episodesPerSecond: 0.1 * inFlight,
  harnessThreadBusy: 0.1,
  harnessMsPerRequest: 2.5,
  cpuMsPerRequest: 4.25,
  failed: 0,
});

const LLM: LlmBench = {
  delayMs: 200,
  concurrency: [point(1), point(8)],
  adapter: {
    episodes: 36,
    calls: 1623,
    llmReplaySeconds: 0.8,
    oracleSeconds: 0.14,
    usPerCall: 406.6,
    keyUsPerCall: 47.2,
    recordLineUsPerCall: 39.4,
    meanRequestChars: 14734.8,
  },
};

describe('the README block of the LLM path', () => {
  it('names the date, the machine and the load, then the concurrency and adapter tables', () => {
    const block = formatLlmBlock(LLM, '2026-12-06');
    expect(block).toMatch(
      /^Measured 2026-12-06 on .+ \(1-minute load average \d+\.\d as the section ended\):\n\n\| episodes in flight \|/,
    );
    expect(block).toContain('| 1 | 9 | 410 | 45.3 | 90.0% | – | 0.9 | 0.0% | 4.8 | 0.10 | 10.0% | 2.50 | 4.25 |');
    expect(block).toContain(
      '| 8 | 72 | 3280 | 45.3 | 90.0% | 97.0% (36.1) | 7.2 | 0.0% | 38.4 | 0.80 | 10.0% | 2.50 | 4.25 |',
    );
    expect(block).toContain('| 36 | 1623 | 0.800 | 0.140 | 407 | 47 | 39 | 14735 |');
    expect(block.endsWith('|')).toBe(true);
    const next = replaceBlock(`a\n${LLM_MARKERS.start}\nold\n${LLM_MARKERS.end}\nb`, block, LLM_MARKERS);
    expect(next).toBe(`a\n${LLM_MARKERS.start}\n${block}\n${LLM_MARKERS.end}\nb`);
  });

  it('is what the README holds: generated, a row per level of episodes in flight, every row complete', () => {
    const block = readmeBlock(LLM_MARKERS);
    expect(block, 'run `npm run bench -- --llm-only --update-readme`').toMatch(/^\nMeasured \d{4}-\d{2}-\d{2} on /);
    const rows = block.split('\n').filter((line) => /^\| \d/.test(line));
    const levels = rows.filter((line) => line.split(' | ').length === 13);
    expect(levels.map((line) => Number(line.split(' | ')[0]!.slice(2)))).toEqual([1, 8, 16, 64]);
    expect(rows.filter((line) => line.split(' | ').length === 8)).toHaveLength(1);
  });
});

describe('the README block of the OpenEnv server', () => {
  const rows = ['not recording', '`--out`'];

  it('has a row per server setup and a column per connection count, "—" where none was measured', () => {
    const block = formatOpenEnvBlock(
      rows,
      [
        { row: 'not recording', connections: 1, stepsPerSecond: 6335 },
        { row: 'not recording', connections: 64, stepsPerSecond: 4749 },
        { row: '`--out`', connections: 1, stepsPerSecond: 4668 },
      ],
      'benchmarks/openenv.ts --seconds=4 --record --update-readme',
      '2026-12-06',
    );
    expect(block.split('\n')).toEqual([
      expect.stringMatching(
        /^Measured 2026-12-06 on .+ by `benchmarks\/openenv\.ts --seconds=4 --record --update-readme`:$/,
      ),
      '',
      '| server | 1 connection (steps/s) | 64 connections (steps/s) |',
      '|---|---:|---:|',
      '| not recording | 6,335 | 4,749 |',
      '| `--out` | 4,668 | — |',
    ]);
  });

  it('is what the README holds: generated, three server setups, both connection counts measured', () => {
    const block = readmeBlock(OPENENV_MARKERS);
    expect(block, 'run `benchmarks/openenv.ts --seconds=4 --record --update-readme`').toMatch(
      /^\nMeasured \d{4}-\d{2}-\d{2} on .+ by `benchmarks\/openenv\.ts /,
    );
    const table = block.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| server'));
    expect(table).toHaveLength(3);
    for (const line of table) expect(line).toMatch(/^\| .+ \| [\d,]+ \| [\d,]+ \|$/);
  });
});

describe("the main block's RSS line", () => {
  it('names the command measured and gives each run size', () => {
    const block = formatBlock([], { rssMbAt: { 1000: 128.7, 10000: 149.7, 100000: 224.1 } }, '2026-12-06');
    expect(block).toContain(
      'Peak RSS of `faultline run --workers 1` (compiled, the whole process, every episode recorded): 1,000 episodes 129 MB, 10,000 episodes 150 MB, 100,000 episodes 224 MB.',
    );
  });
});

describe("the main block's toy floor against the block it replaces", () => {
  const floorRow = (stepUsMedian: number): TableRow => ({
    env: 'bench/counter-v1 (toy floor)',
    stepUsMedian,
    freshStepUsMedian: null,
    productionStepUsMedian: null,
    metricsUsPerStep: null,
    resetMsMedian: 0.003,
    episodesPerSecond: null,
    stepsPerEpisode: null,
  });
  const warning = 'The toy floor (the harness alone) read';

  it('reads the floor of the block the README holds', () => {
    const floor = floorInBlock(README);
    expect(floor).not.toBeNull();
    expect(floor).toBeGreaterThan(0);
    // The number of the floor row's first figure, as the table wrote it.
    expect(readmeBlock({ start: '<!-- bench:start -->', end: '<!-- bench:end -->' })).toContain(
      `(toy floor) | ${String(floor)} |`,
    );
  });

  it('finds no floor where there is no block, or no floor row in it', () => {
    expect(floorInBlock('# A README without a bench block')).toBeNull();
    expect(
      floorInBlock('<!-- bench:start -->\n| env | µs/step |\n|---|---:|\n| a/b-v1 | 3.5 |\n<!-- bench:end -->'),
    ).toBeNull();
  });

  it('reads a block it wrote back exactly', () => {
    const block = formatBlock([floorRow(0.31)], {}, '2026-12-07');
    expect(floorInBlock(replaceBlock(README, block))).toBe(0.31);
  });

  it('warns when the floor read more than the limit above the replaced one, and only then', () => {
    const slow = formatBlock([floorRow(0.28)], { previousFloorUs: 0.22 }, '2026-12-07');
    expect(slow).toContain(`${warning} 0.28 µs/step, 1.27× the 0.22 of the block this run replaced`);
    const within = formatBlock([floorRow(0.22 * FLOOR_LIMIT)], { previousFloorUs: 0.22 }, '2026-12-07');
    expect(within).not.toContain(warning);
    const quicker = formatBlock([floorRow(0.2)], { previousFloorUs: 0.22 }, '2026-12-07');
    expect(quicker).not.toContain(warning);
    expect(formatBlock([floorRow(0.5)], {}, '2026-12-07')).not.toContain(warning);
  });
});
