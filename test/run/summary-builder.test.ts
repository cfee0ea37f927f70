/** SummaryBuilder: fed in key order, the summary `summarize` gives for all records at once. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarize } from '../../src/run/summary.js';
import { SummaryBuilder } from '../../src/run/summary-builder.js';
import { compareKeys } from '../../src/run/episode-id.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { episodeRecord } from '../fixtures/episode-record.js';

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
