import { describe, expect, it } from 'vitest';
import { timelineOf } from '../../src/metrics/timeline.js';
import { episode, finish, write } from './synthetic.js';

describe('timeline', () => {
  it("gives each constraint its ledger position, over any index of the constraint's own", () => {
    const base = episode({ steps: [write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'), finish('planner', 'SSS')] });
    const constraints = base.intent.constraints.map((c, i) => (i === 1 ? { ...c, index: 99 } : c));
    const t = timelineOf({ ...base, intent: { ...base.intent, constraints } });
    expect(t.constraints.map((c) => c.index)).toEqual(constraints.map((_, i) => i));
    t.constraints.forEach((c, i) => {
      // Every field of the constraint, and its position.
      expect(c).toEqual({ ...constraints[i], index: i });
    });
  });
});
