/**
 * The instruction-count before/after (benchmarks/instructions.ts): reading valgrind's summary and
 * the per-episode arithmetic. The child it runs under valgrind is tested in
 * instructions-child.test.ts (`npm run test:full`: a process through tsx recording episodes).
 */
import { describe, expect, it } from 'vitest';
import { instructionsFromSummary, perEpisode } from '../../benchmarks/instructions.js';

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
