import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SmallestK } from '../../src/report/html/smallest.js';
import { FULL_TIMELINE_STEPS, visibleSteps } from '../../src/report/html/sections/timeline-window.js';
import type { TrajectoryStep } from '../../src/team/episode.js';

describe('SmallestK', () => {
  test.prop([fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }), fc.nat({ max: 40 }), fc.nat()])(
    'keeps the k smallest, whatever order they come in',
    (values, k, shift) => {
      const rotated =
        values.length === 0
          ? values
          : [...values.slice(shift % values.length), ...values.slice(0, shift % values.length)];
      const keep = new SmallestK<number>(k, (a, b) => a - b);
      for (const v of rotated) keep.add(v);
      expect(keep.result()).toEqual([...values].sort((a, b) => a - b).slice(0, k));
      expect(keep.offered).toBe(values.length);
    },
  );
});

function step(n: number, kind: 'tool' | 'handoff' = 'tool', ledger = 'SS'): TrajectoryStep {
  return {
    step: n,
    role: 'planner',
    action: {},
    reward: 0,
    terminated: false,
    truncated: false,
    observation: '',
    event: { step: n, clock: n, role: 'planner', kind, action: null, ok: true, ledger },
  };
}

describe('visibleSteps', () => {
  it('shows a short timeline whole', () => {
    expect(
      visibleSteps(
        Array.from({ length: FULL_TIMELINE_STEPS }, (_, i) => step(i + 1)),
        [3],
      ),
    ).toBeNull();
  });

  it('keeps the edges, the key step and the eventful steps of a long one, eliding only runs of 3+', () => {
    const steps = Array.from({ length: 150 }, (_, i) =>
      step(i + 1, i + 1 === 60 ? 'handoff' : 'tool', i + 1 >= 100 ? 'SV' : 'SS'),
    );
    const shown = visibleSteps(steps, [40])!;
    for (const k of [1, 10, 141, 150, 35, 40, 45, 59, 60, 61, 99, 100, 101]) expect(shown.has(k)).toBe(true);
    for (const k of [11, 34, 46, 58, 62, 98, 102, 140]) expect(shown.has(k)).toBe(false);
    // No elided run is shorter than three steps.
    let run = 0;
    for (const s of steps) {
      if (!shown.has(s.step)) run++;
      else {
        if (run > 0) expect(run).toBeGreaterThanOrEqual(3);
        run = 0;
      }
    }
  });
});
