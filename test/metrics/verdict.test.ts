import { describe, expect, it } from 'vitest';
import { analyzeEpisode, FAILURE_MODES, MAST } from '../../src/metrics/index.js';
import { FULL_BRIEF, episode, finish, handoff, write } from './synthetic.js';
import { viaJson } from '../support/json.js';

// Ledger order: untouched (invariant, dir), changelog (goal, version), tests (sub-goal).

describe('the verdict', () => {
  it('lists modes in a fixed order and uses only known MAST codes', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', { text: 'go', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'vendor/lib.ts', 'x', 'VPP'),
          handoff('executor', 'planner', { text: 'done' }, 'VPP', { required: [] }),
          finish('planner', 'VVV'),
        ],
      }),
    );
    expect(m.verdict.modes).toEqual(FAILURE_MODES.filter((mode) => m.verdict.modes.includes(mode)));
    for (const c of m.verdict.causes) if (c.mast) expect(Object.keys(MAST)).toContain(c.mast);
  });

  it('prefers a root cause that did damage over an earlier harmless one', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          // Harmless: the executor does not need the version it was not given to keep vendor/ intact.
          handoff('planner', 'executor', { text: 'go', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['version'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          write('executor', 'vendor/lib.ts', 'x', 'VSS'),
          handoff('executor', 'planner', { text: 'done' }, 'VSS', { required: [] }),
          finish('planner', 'VSS'),
        ],
      }),
    );
    expect(m.verdict.modes).toEqual(
      ['alignmentDrift', 'handoffContextLoss', 'cascadingErrors'].filter((x) => m.verdict.modes.includes(x as never)),
    );
    expect(m.verdict.causes.find((c) => c.mode === 'handoffContextLoss')).toMatchObject({ step: 1, causal: false });
    expect(m.verdict.primary).toMatchObject({ mode: 'alignmentDrift', step: 4, role: 'executor', causal: true });
  });

  it('a crash is not drift: goals the team never got to are explained by it', () => {
    const m = analyzeEpisode(
      episode({
        steps: [handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] })],
        outcome: 'agent_error',
        error: { role: 'executor', step: 1, message: 'boom' },
      }),
    );
    expect(m.drift.explained).toEqual({ changelog: 'crash' });
    expect(m.verdict.modes).toEqual([]);
    expect(m.verdict.primary).toBeNull();
  });

  it('is the same for the live result and for its JSON round trip (recorded trajectories)', () => {
    const ep = episode({
      steps: [
        handoff('planner', 'executor', { text: 'go', facts: { dir: 'vendor/' } }, 'SPP', {
          required: ['dir', 'version'],
        }),
        write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
        handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
        finish('planner', 'SVS'),
      ],
    });
    expect(JSON.stringify(analyzeEpisode(viaJson(ep)))).toBe(JSON.stringify(analyzeEpisode(ep)));
  });
});
