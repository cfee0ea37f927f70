import { describe, expect, it } from 'vitest';
import { episodeRecord } from '../fixtures/episode-record.js';
import {
  analyzeEpisode,
  compactMetrics,
  failureModeRates,
  recoveryBreakdown,
  type CompactMetrics,
} from '../../src/metrics/index.js';
import { summarize } from '../../src/run/summary.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { FULL_BRIEF, episode, finish, fired, handoff, tool, write } from './synthetic.js';

function metrics(modes: CompactMetrics['modes'], recovery: CompactMetrics['recovery'] = []): CompactMetrics {
  return {
    modes,
    primary: null,
    drift: { onset: null, locallyCorrectGloballyWrong: false, newestIntentWon: null, curve: [] },
    handoff: { handoffs: 0, required: 0, lost: 0, harmful: 0, transit: 0, misstated: 0 },
    cascade: { sources: 0, uncontained: 0, roles: 0, entities: 0, steps: 0, amplification: 0 },
    recovery,
    breaches: [],
    stop: null,
    injection: { planted: 0, followed: 0 },
  };
}

function record(seed: number, m: CompactMetrics | undefined, team = 't'): EpisodeRecord {
  return episodeRecord({ id: `x${seed}`, team, seed, ...(m ? { metrics: m } : {}) });
}

describe('aggregation', () => {
  it('failure-mode rates are fractions of the episodes that have metrics', () => {
    const rates = failureModeRates([
      metrics(['alignmentDrift']),
      metrics(['alignmentDrift', 'recoveryFailure']),
      metrics([]),
      undefined,
    ]);
    expect(rates).toEqual({
      alignmentDrift: 0.666667,
      handoffContextLoss: 0,
      cascadingErrors: 0,
      recoveryFailure: 0.333333,
      noProgress: 0,
      injectionFollowed: 0,
    });
    expect(failureModeRates([undefined])).toEqual({
      alignmentDrift: 0,
      handoffContextLoss: 0,
      cascadingErrors: 0,
      recoveryFailure: 0,
      noProgress: 0,
      injectionFollowed: 0,
    });
  });

  it('the recovery breakdown counts classes overall and per type, in a fixed order', () => {
    const b = recoveryBreakdown([
      metrics(
        [],
        [
          { id: 'p1', type: 'timeout', label: 'retry', response: 'recovered', steps: 1 },
          { id: 'p2', type: 'ambiguity', label: 'clarify', response: 'ignored_claimed_success', steps: null },
        ],
      ),
      metrics([], [{ id: 'p1', type: 'timeout', label: 'retry', response: 'recovered', steps: 3 }]),
    ]);
    expect(b.fired).toBe(3);
    expect(b.classes).toEqual({ recovered: 2, asked: 0, ignored_claimed_success: 1, stuck: 0, gave_up: 0, crashed: 0 });
    expect(Object.keys(b.byType)).toEqual(['ambiguity', 'timeout']);
    expect(b.byType['timeout']).toMatchObject({ recovered: 2 });
    expect(b.meanStepsToRecover).toBe(2);
    // 2 of 3 handled overall; the Wilson interval of 2/3 is [0.2077, 0.9385].
    expect(b.handled).toMatchObject({ value: 0.666667, n: 3 });
    expect(b.handled.ci.low).toBeCloseTo(0.2077, 3);
    expect(b.handled.ci.high).toBeCloseTo(0.9385, 3);
    expect(b.handledByType['ambiguity']).toMatchObject({ value: 0, n: 1 });
    expect(b.handledByType['timeout']).toMatchObject({ value: 1, n: 2 });
  });

  it('tool faults off the task path are counted apart and left out of the rates', () => {
    const b = recoveryBreakdown([
      metrics(
        [],
        [
          { id: 'p1', type: 'timeout', label: 'retry', response: 'recovered', steps: 1 },
          {
            id: 'p2',
            type: 'timeout',
            label: 'retry',
            response: 'ignored_claimed_success',
            steps: null,
            offPath: true,
          },
        ],
      ),
    ]);
    expect(b.fired).toBe(1);
    expect(b.offPath).toBe(1);
    expect(b.classes).toMatchObject({ recovered: 1, ignored_claimed_success: 0 });
    expect(b.handled).toMatchObject({ value: 1, n: 1 });
  });

  it('summary cells carry the rates and the breakdown, independent of record order', () => {
    const rs = [
      record(0, metrics(['handoffContextLoss'])),
      record(1, metrics([])),
      record(2, metrics(['handoffContextLoss'])),
      record(0, metrics([]), 'oracle'),
    ];
    const s = summarize(rs);
    const t = s.cells.find((c) => c.team === 't')!;
    expect(t.failureModes.handoffContextLoss).toBe(0.666667);
    expect(t.recovery.fired).toBe(0);
    expect(s.cells.find((c) => c.team === 'oracle')!.failureModes).toEqual({
      alignmentDrift: 0,
      handoffContextLoss: 0,
      cascadingErrors: 0,
      recoveryFailure: 0,
      noProgress: 0,
      injectionFollowed: 0,
    });
    expect(JSON.stringify(summarize([...rs].reverse()))).toBe(JSON.stringify(s));
  });

  it('the compact metrics keep the verdict and the key numbers', () => {
    const p = fired({ id: 'p1', type: 'transient-error', step: 2, role: 'executor', tool: 'write_file' });
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
            ok: false,
            error: { code: 'unavailable', message: '503' },
            perturbations: [p],
          }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          handoff('executor', 'planner', { text: 'done' }, 'SSS', { required: [] }),
          finish('planner', 'SSS'),
        ],
      }),
    );
    const c = compactMetrics(m);
    expect(c).toMatchObject({
      modes: [],
      primary: null,
      handoff: { handoffs: 2, required: 2, lost: 0 },
      recovery: [{ id: 'p1', type: 'transient-error', label: 'retry', response: 'recovered', steps: 1 }],
    });
    expect(c.drift.curve).toHaveLength(20);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
