/**
 * The warm-up bench's logic (no timings asserted): blocks from the child's samples, the README
 * line, and a real child process (from the sources: the bench runs the compiled package, which a
 * test would have to build first).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchWarmUp, warmUpBlocks, type WarmUpSample } from '../../benchmarks/warm-up.js';
import { formatWarmUp } from '../../benchmarks/readme-table.js';
import { FULL } from '../support/sizes.js';

const samples: WarmUpSample[] = [
  { episodes: 0, processCpuMs: 1000, threadCpuMs: 800 },
  { episodes: 200, processCpuMs: 3000, threadCpuMs: 1800 },
  { episodes: 400, processCpuMs: 4000, threadCpuMs: 2600 },
];

describe('warm-up blocks', () => {
  it('gives each block its rate per CPU second of the process and of the thread, and the CPU off the thread', () => {
    expect(warmUpBlocks(samples)).toEqual([
      { from: 0, to: 200, episodesPerCpuSecond: 100, episodesPerThreadSecond: 200, offThreadShare: 0.5 },
      { from: 200, to: 400, episodesPerCpuSecond: 200, episodesPerThreadSecond: 250, offThreadShare: 0.2 },
    ]);
  });

  it('leaves the thread figures out where a thread cannot be measured', () => {
    const blocks = warmUpBlocks(samples.map((s) => ({ ...s, threadCpuMs: null })));
    expect(blocks.map((b) => [b.episodesPerThreadSecond, b.offThreadShare])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(formatWarmUp({ env: 'e/x-v1', episodesPerBlock: 200, blocks })).toBe(
      "A fresh process's first episodes (the compiled package, `evaluate` on its main thread, e/x-v1 oracle, `production`, recorded; blocks of 200): 100, 200 episodes per CPU second (benchmarks/warm-up.ts).",
    );
  });

  it('refuses samples that do not advance, naming them', () => {
    expect(() => warmUpBlocks([samples[0]!, { ...samples[0]!, episodes: 0 }])).toThrow(/sample 1 .*does not follow/);
  });

  it('writes the README line with every block', () => {
    const line = formatWarmUp({ env: 'e/x-v1', episodesPerBlock: 200, blocks: warmUpBlocks(samples) });
    expect(line).toContain('100, 200 episodes per CPU second; of that CPU, 50%, 20% was on V8');
    expect(line).toContain('went at 200, 250 episodes per CPU second');
  });
});

describe('the warm-up child', () => {
  it('records episodes in a fresh process, block by block', async (ctx) => {
    ctx.skip(!FULL, 'starts a process that loads the sources through tsx: runs in `npm run test:full`');
    const w = await benchWarmUp({ env: 'deploy/rollout-v2', blocks: 2, episodesPerBlock: 5, source: true });
    expect(w.blocks.map((b) => [b.from, b.to])).toEqual([
      [0, 5],
      [5, 10],
    ]);
    for (const b of w.blocks) {
      expect(b.episodesPerCpuSecond).toBeGreaterThan(0);
      if (existsSync('/proc/thread-self/schedstat')) {
        // The thread's CPU is part of its process's.
        expect(b.episodesPerThreadSecond).toBeGreaterThanOrEqual(b.episodesPerCpuSecond);
        expect(b.offThreadShare).toBeGreaterThanOrEqual(0);
        expect(b.offThreadShare).toBeLessThan(1);
      }
    }
  });
});
