/**
 * The bench's host check (no timings asserted): which rounds count as quiet, which envs are
 * measured again, and what the README says about it.
 */
import { describe, expect, it } from 'vitest';
import {
  HostProbes,
  MAX_EXTRA_ROUNDS,
  QUIET_LIMIT,
  measurementsWithoutQuietRun,
  hostCheckOf,
  probeHost,
  quickestProbe,
  quietestRuns,
  slowdownOf,
} from '../../benchmarks/host-check.js';
import { formatBlock, formatHostCheck, type TableRow } from '../../benchmarks/readme-table.js';
import { scoreProbe, type ProbedStep } from '../../benchmarks/probe-vs-steps.js';

/** Two envs: one quiet in its second round, one slowed in every round. */
const probes = new Map<string, number[][]>([
  [
    'mock-web/compare-products-v1',
    [
      [2.0, 3.1, 2.2],
      [1.75, 1.8, 1.9],
    ],
  ],
  [
    'filesystem/split-module-v1',
    [
      [1.7, 2.4],
      [2.2, 2.1],
    ],
  ],
]);

describe('host check', () => {
  it("takes a round's slowest probe against the run's quickest", () => {
    expect(slowdownOf([1.8, 2.7, 2.0], 1.8)).toBe(1.5);
    expect(slowdownOf([], 1.8)).toBe(1);
    expect(quickestProbe(probes)).toBe(1.7);
  });

  it("gives each env its quietest round's slowdown", () => {
    const quietest = quietestRuns(probes);
    expect(quietest.get('mock-web/compare-products-v1')).toBe(1.12);
    // Its first round had the run's quickest probe, but also a slow one: the round is not quiet.
    expect(quietest.get('filesystem/split-module-v1')).toBe(1.29);
  });

  it('measures again only the envs without a quiet round', () => {
    expect(measurementsWithoutQuietRun(probes)).toEqual(['filesystem/split-module-v1']);
    expect(measurementsWithoutQuietRun(probes, 1.3)).toEqual([]);
    const quieted = new Map([
      ...probes,
      ['filesystem/split-module-v1', [...(probes.get('filesystem/split-module-v1') ?? []), [1.72, 1.8]]],
    ]);
    expect(measurementsWithoutQuietRun(quieted)).toEqual([]);
  });

  it('reports the limit, the quickest probe, the envs measured again and those never quiet', () => {
    const check = hostCheckOf(probes, ['filesystem/split-module-v1']);
    expect(check).toEqual({
      limit: QUIET_LIMIT,
      quickestProbeMs: 1.7,
      quietest: { 'mock-web/compare-products-v1': 1.12, 'filesystem/split-module-v1': 1.29 },
      remeasured: ['filesystem/split-module-v1'],
      notQuiet: ['filesystem/split-module-v1'],
    });
  });

  it('says in the README which envs were measured again and which figures may be slowed', () => {
    const slowed = formatHostCheck(hostCheckOf(probes, ['filesystem/split-module-v1']));
    expect(slowed).toContain('1.7 ms at its quickest');
    expect(slowed).toContain('the quietest run of each ran at ≤ 1.29× that (limit 1.15×)');
    expect(slowed).toContain('Measured again for want of a quiet run: filesystem/split-module-v1.');
    expect(slowed).toContain('may be slowed by the machine: filesystem/split-module-v1 (1.29×).');
    const quiet = formatHostCheck(hostCheckOf(new Map([['deploy/rollout-v2', [[1.8, 1.9]]]]), []));
    expect(quiet).toContain('ran at ≤ 1.06× that (each within the 1.15× limit).');
    expect(quiet).not.toContain('Measured again');
    expect(quiet).not.toContain('may be slowed');
    const row: TableRow = {
      env: 'deploy/rollout-v2',
      stepUsMedian: 7,
      freshStepUsMedian: 12,
      productionStepUsMedian: 9,
      metricsUsPerStep: 2,
      resetMsMedian: 0.3,
      episodesPerSecond: 160,
      stepsPerEpisode: 55,
    };
    expect(
      formatBlock([row], { hostCheck: hostCheckOf(new Map([['deploy/rollout-v2', [[1.8]]]]), []) }, '2026-12-06'),
    ).toContain('Host check (benchmarks/host-check.ts)');
  });

  it('probes the machine with a workload of its own', () => {
    const ms = probeHost();
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('scores a probe by the slowed measurements it flags and the quiet ones it flags too', () => {
    // Steps: quickest 10 µs, so above 13 is slowed. Probe 0 follows the slowdowns; probe 1 stays flat.
    const series: ProbedStep[] = [
      { stepUs: 10, probeMs: [2.0, 2.0] },
      { stepUs: 11, probeMs: [2.1, 2.0] },
      { stepUs: 20, probeMs: [3.0, 2.1] },
      { stepUs: 22, probeMs: [3.4, 2.2] },
      { stepUs: 12, probeMs: [2.5, 2.0] },
    ];
    expect(scoreProbe(series, 0)).toEqual({
      slowedFlagged: 2,
      slowedMissed: 0,
      quietFlagged: 1,
      quietPassed: 2,
      slowedReading: [1.5, 1.7],
    });
    expect(scoreProbe(series, 1)).toEqual({
      slowedFlagged: 0,
      slowedMissed: 2,
      quietFlagged: 0,
      quietPassed: 3,
      slowedReading: [1.05, 1.1],
    });
    expect(scoreProbe(series.slice(0, 2), 0).slowedReading).toBeNull();
  });

  it('repeats only the measurements without a quiet run, at most MAX_EXTRA_ROUNDS more times', async () => {
    // Scripted probes: 'a' runs at the quickest speed, 'b' always 1.5× slower, 'c' quiet on its
    // second try.
    const script: number[] = [];
    const probes = new HostProbes(true, () => script.shift() ?? Number.NaN);
    const runs: string[] = [];
    const measure = (label: string, speeds: number[]) => {
      script.push(...speeds);
      return probes.run(label, (between) => {
        between?.();
        runs.push(label);
      });
    };
    const tries = new Map([['c', 0]]);
    await measure('a', [2, 2, 2]);
    await measure('b', [3, 3, 3]);
    await measure('c', [2.6, 2.6, 2.6]);
    await probes.remeasure(['b', 'c'], async (label) => {
      const n = (tries.get(label) ?? 0) + 1;
      tries.set(label, n);
      await measure(label, label === 'c' && n === 1 ? [2.1, 2.1, 2.1] : [3, 3, 3]);
    });
    expect(runs.filter((r) => r === 'a')).toHaveLength(1);
    expect(runs.filter((r) => r === 'c')).toHaveLength(2);
    expect(runs.filter((r) => r === 'b')).toHaveLength(1 + MAX_EXTRA_ROUNDS);
    expect(probes.check()).toEqual({
      limit: QUIET_LIMIT,
      quickestProbeMs: 2,
      quietest: { a: 1, b: 1.5, c: 1.05 },
      remeasured: ['b', 'c'],
      notQuiet: ['b'],
    });
  });

  it('off, runs each measurement once, unprobed, and reports nothing', async () => {
    let probed = 0;
    const probes = new HostProbes(false, () => ++probed);
    const betweens: unknown[] = [];
    await probes.run('a', (between) => void betweens.push(between));
    await probes.remeasure(['a'], () => Promise.reject(new Error('not measured again')));
    expect(betweens).toEqual([undefined]);
    expect(probed).toBe(0);
    expect(probes.check()).toBeNull();
  });
});
