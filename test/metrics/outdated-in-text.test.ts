/**
 * A handoff that states a fact's value from before the user changed it, in prose, has not
 * withheld the fact: context loss records it as misstated, as it does a structured field.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../src/metrics/index.js';
import { FULL_BRIEF, episode, finish, fired, handoff, planned, write } from './synthetic.js';

const change = fired({
  id: 'p1',
  type: 'requirement-change',
  kind: 'instruction',
  site: 'user',
  recovery: 'escalate',
  step: 2,
  role: 'planner',
  facts: ['version'],
});

function run(message: string) {
  return analyzeEpisode(
    episode({
      plan: [planned(change, { fact: 'version', value: 'v3.0.0', previous: 'v2.0.0' })],
      steps: [
        handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
        { ...write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'), perturbations: [change] },
        // The executor was never told the new value: it reports the one it was briefed with.
        handoff('executor', 'reviewer', message, 'SPS', { required: ['version'], carried: [] }),
        finish('planner', 'SPS'),
      ],
    }),
  );
}

describe('an outdated value in free text', () => {
  it('is misstated, not lost, in any form the fact matcher reads', () => {
    for (const text of ['Done. release version: V2.0.0.', 'Done: the changelog has version 2.0.0.']) {
      const h = run(text).handoffLoss.handoffs.find((x) => x.from === 'executor')!;
      expect(h.misstated, text).toEqual(['version']);
      expect(h.lost, text).toEqual([]);
    }
  });

  it('a handoff with no value for the fact still loses it', () => {
    const h = run('Done, please check the changelog.').handoffLoss.handoffs.find((x) => x.from === 'executor')!;
    expect(h.misstated).toEqual([]);
    expect(h.lost).toEqual(['version']);
  });
});
