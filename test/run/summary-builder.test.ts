/** SummaryBuilder: fed in key order, the summary `summarize` gives for all records at once. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarize } from '../../src/run/summary.js';
import { SummaryBuilder } from '../../src/run/summary-builder.js';
import { compareKeys } from '../../src/run/episode-id.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { episodeRecord } from '../fixtures/episode-record.js';
import type { CompactMetrics } from '../../src/metrics/compact.js';
import type { FailureMode } from '../../src/metrics/modes.js';

describe('SummaryBuilder', () => {
  const arbitraryRecord = fc
    .record({
      team: fc.constantFrom('a', 'b'),
      seed: fc.nat(5),
      trial: fc.nat(2),
      variant: fc.nat(1),
      outcome: fc.constantFrom('success', 'failure', 'timeout', 'provider_error' as const),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
      steps: fc.nat(40),
      cost: fc.option(fc.double({ min: 0, max: 0.01, noNaN: true })),
    })
    .map((r): EpisodeRecord =>
      episodeRecord({
        id: `${r.team}/${r.seed}/${r.variant}/${r.trial}`,
        team: r.team,
        seed: r.seed,
        trial: r.trial,
        variant: r.variant,
        outcome: r.outcome,
        success: r.outcome === 'success',
        score: r.score,
        steps: r.steps,
        error: r.outcome === 'timeout' ? { role: 'planner', step: 1, message: 'slow' } : null,
        ...(r.cost === null
          ? {}
          : {
              usage: {
                calls: 1,
                promptTokens: 3,
                completionTokens: 2,
                cachedTokens: 0,
                costUsd: r.cost,
                retries: 0,
                byRole: {},
              },
            }),
      }),
    );

  it('fed in key order gives exactly what summarize gives, with errors counted or not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryRecord, { selector: (r) => r.id, maxLength: 40 }),
        fc.boolean(),
        (records, countErrors) => {
          const builder = new SummaryBuilder({ countErrors });
          for (const r of [...records].sort(compareKeys)) builder.add(r);
          expect(JSON.stringify(builder.summary())).toBe(JSON.stringify(summarize(records, { countErrors })));
          expect(builder.highlights().recorded).toBe(records.length);
        },
      ),
    );
  });

  it('refuses a record out of key order, naming both episodes', () => {
    const builder = new SummaryBuilder();
    builder.add(episodeRecord({ id: 'late', seed: 2 }));
    expect(() => builder.add(episodeRecord({ id: 'early', seed: 1 }))).toThrow(/early came after late.*key order/);
  });
});

describe('SummaryBuilder highlights: the first failures', () => {
  /** Only what the builder reads of the metrics, plus the primary mode under test. */
  const metricsWith = (mode: FailureMode | null) =>
    ({
      modes: mode ? [mode] : [],
      primary: mode ? { mode, step: 3, role: 'executor', mast: null } : null,
      recovery: [],
    }) as unknown as CompactMetrics;
  const arbitraryRecord = fc
    .record({
      env: fc.constantFrom('w/a-v1', 'w/b-v1'),
      team: fc.constantFrom('a', 'b', 'c'),
      seed: fc.nat(4),
      trial: fc.nat(2),
      outcome: fc.constantFrom('success', 'failure', 'gave_up', 'provider_error' as const),
      mode: fc.constantFrom<FailureMode | null>(null, 'alignmentDrift', 'handoffContextLoss', 'noProgress'),
    })
    .map((r): EpisodeRecord => {
      const id = `${r.env}/${r.team}/${r.seed}/${r.trial}`;
      return episodeRecord({
        id,
        envId: r.env,
        team: r.team,
        seed: r.seed,
        trial: r.trial,
        outcome: r.outcome,
        success: r.outcome === 'success',
        metrics: metricsWith(r.outcome === 'success' ? null : r.mode),
        trajectoryFile: `trajectories/${id}.jsonl`,
      });
    });

  it('keeps, per team and primary mode, the first failure in key order (provider errors are none)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryRecord, { selector: (r) => r.id, maxLength: 60 }), (records) => {
        const sorted = [...records].sort(compareKeys);
        const builder = new SummaryBuilder();
        for (const r of sorted) builder.add(r);
        const expected = new Map<string, EpisodeRecord>();
        for (const r of sorted) {
          if (r.success || r.outcome === 'provider_error') continue;
          const key = `${r.team}/${r.metrics?.primary?.mode ?? ''}`;
          if (!expected.has(key)) expected.set(key, r);
        }
        const kept = builder.highlights().firstFailures;
        expect(kept.map((f) => f.id)).toEqual([...expected.values()].sort(compareKeys).map((r) => r.id));
        // Constant in the run's length: at most one per team and primary mode (or none).
        expect(kept.length).toBeLessThanOrEqual(3 * 4);
        for (const f of kept) {
          const r = expected.get(`${f.team}/${f.primary?.mode ?? ''}`) as EpisodeRecord;
          expect(f).toEqual({
            id: r.id,
            envId: r.envId,
            team: r.team,
            seed: r.seed,
            variant: 0,
            trial: r.trial,
            outcome: r.outcome,
            primary: r.metrics?.primary ?? null,
            trajectoryFile: r.trajectoryFile,
          });
        }
      }),
    );
  });
});
