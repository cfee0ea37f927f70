import { describe, expect, it } from 'vitest';
import { episodeRecord } from '../fixtures/episode-record.js';
import { summarize } from '../../src/run/summary.js';
import type { EpisodeRecord } from '../../src/run/records.js';

/** The summary tests' default episode: ten steps and two handoffs. */
function record(partial: Partial<EpisodeRecord>): EpisodeRecord {
  return episodeRecord({ steps: 10, handoffs: 2, clock: 10, ...partial });
}

describe('summarize', () => {
  it('aggregates one cell per (env, team) with rates and means', () => {
    const s = summarize([
      record({ seed: 0 }),
      record({ seed: 1, success: false, outcome: 'failure', score: 0.5, steps: 20, handoffs: 4 }),
      record({ team: 'u', seed: 0, success: false, outcome: 'agent_error', score: 0 }),
    ]);
    expect(s.cells).toHaveLength(2);
    const t = s.cells.find((c) => c.team === 't')!;
    expect(t).toMatchObject({
      episodes: 2,
      successes: 1,
      successRate: 0.5,
      meanScore: 0.75,
      meanSteps: 15,
      meanHandoffs: 3,
    });
    expect(t.outcomes.failure).toBe(1);
    expect(s.cells.find((c) => c.team === 'u')!.outcomes.agent_error).toBe(1);
  });

  it('does not depend on the order of the records', () => {
    const rs = [record({ seed: 2, steps: 3 }), record({ seed: 0, steps: 7 }), record({ team: 'a', seed: 1 })];
    expect(JSON.stringify(summarize(rs))).toBe(JSON.stringify(summarize([...rs].reverse())));
  });
});
