import { describe, expect, it } from 'vitest';
import { analyzeEpisode, CURVE_POINTS } from '../../src/metrics/index.js';
import { FULL_BRIEF, episode, finish, fired, handoff, planned, read, tool, write } from './synthetic.js';

// Ledger order: untouched (invariant, dir), changelog (goal, version), tests (sub-goal).

describe('alignment drift', () => {
  it('keeps the intent curve and first violations compactly', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'vendor/lib.ts', 'x', 'VPP'),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'VSS'),
          handoff('executor', 'planner', { text: 'done' }, 'VSS', { required: [] }),
          finish('planner', 'VSS'),
        ],
      }),
    );
    expect(m.drift.curve).toHaveLength(CURVE_POINTS);
    expect(m.drift.curve[0]).toBe(1);
    expect(m.drift.curve[CURVE_POINTS - 1]).toBe(0.667);
    expect(m.drift.firstViolation).toEqual({ untouched: 2, changelog: null, tests: null });
  });

  it('dates a goal cut off before finish, never violated in a ledger, at the last step', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'vendor/lib.ts', 'x', 'VPP'),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'VSP'),
          read('executor', 'CHANGELOG.md', 'VSP'),
        ],
      }),
    );
    // The run was cut off: the pending sub-goal is violated by the final grade alone.
    expect(m.drift.firstViolation).toEqual({ untouched: 2, changelog: null, tests: 4 });
  });

  it('an invariant broken by a role that had the fact is drift, with its onset and role', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          write('executor', 'vendor/lib.ts', 'x', 'VSS'),
          handoff('executor', 'planner', { text: 'done' }, 'VSS', { required: [] }),
          finish('planner', 'VSS'),
        ],
      }),
    );
    expect(m.drift.occurred).toBe(true);
    expect(m.drift.onset).toEqual({ constraint: 'untouched', step: 3, role: 'executor', evidence: 'invariant' });
    expect(m.drift.locallyCorrectGloballyWrong).toBe(true);
    expect(m.verdict.primary).toMatchObject({ mode: 'alignmentDrift', step: 3, role: 'executor', mast: 'FM-1.1' });
  });

  it('a goal met and later un-met drifts at the step that un-met it', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    expect(m.drift.onset).toEqual({ constraint: 'changelog', step: 3, role: 'executor', evidence: 'regression' });
    expect(m.verdict.primary?.mast).toBe('FM-2.3');
  });

  it('is "locally correct, globally wrong" only when every sub-goal is met', () => {
    const steps = (tests: string) => [
      handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
      write('executor', 'CHANGELOG.md', '## v1.9.9', `SP${tests}`),
      handoff('executor', 'planner', { text: 'done' }, `SP${tests}`, { required: [] }),
      finish('planner', `SV${tests === 'S' ? 'S' : 'V'}`),
    ];
    expect(analyzeEpisode(episode({ steps: steps('S') })).drift.locallyCorrectGloballyWrong).toBe(true);
    expect(analyzeEpisode(episode({ steps: steps('P') })).drift.locallyCorrectGloballyWrong).toBe(false);
  });

  it('a team that finishes without doing the work drifts at the finish (premature termination)', () => {
    const m = analyzeEpisode(episode({ steps: [finish('planner', 'SVV')] }));
    expect(m.drift.onset).toEqual({ constraint: 'changelog', step: 1, role: 'planner', evidence: 'end' });
    expect(m.verdict.primary).toMatchObject({ mode: 'alignmentDrift', mast: 'FM-3.1' });
  });

  it('stays quiet on a successful episode', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          handoff('executor', 'planner', { text: 'done' }, 'SSS', { required: [] }),
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.drift).toMatchObject({
      occurred: false,
      onset: null,
      violatedIntent: [],
      locallyCorrectGloballyWrong: false,
      newestIntentWon: null,
    });
  });

  describe('a requirement change in mid-task', () => {
    const change = fired({
      id: 'p1',
      type: 'requirement-change',
      kind: 'instruction',
      site: 'user',
      recovery: 'escalate',
      step: 3,
      role: 'planner',
      facts: ['version'],
    });
    const steps = (final: string) => [
      handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
      write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
      {
        ...handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
        perturbations: [change],
        userMessage: { to: 'planner', text: 'use v3.0.0 instead' },
      },
      ...(final === 'S'
        ? [
            handoff('planner', 'executor', { text: 'redo', facts: { version: 'v3.0.0' } }, 'SPS', { required: [] }),
            write('executor', 'CHANGELOG.md', '## v3.0.0', 'SSS'),
            handoff('executor', 'planner', { text: 'redone' }, 'SSS', { required: [] }),
          ]
        : []),
      finish('planner', `S${final}S`),
    ];

    it('the newest intent won when the constraints on the changed fact hold', () => {
      const m = analyzeEpisode(episode({ steps: steps('S'), plan: [planned(change)] }));
      expect(m.drift.requirementChanges).toEqual([{ step: 3, role: 'planner', facts: ['version'], followed: true }]);
      expect(m.drift.newestIntentWon).toBe(true);
      expect(m.recovery.responses[0]).toMatchObject({ response: 'recovered', stepsToRecover: 2 });
      expect(m.verdict.modes).toEqual([]);
    });

    it('ignoring it is drift (task specification disobeyed) and a failure to follow the change', () => {
      const m = analyzeEpisode(episode({ steps: steps('V'), plan: [planned(change)] }));
      expect(m.drift.newestIntentWon).toBe(false);
      expect(m.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success' });
      expect(m.drift.onset).toEqual({ constraint: 'changelog', step: 3, role: 'planner', evidence: 'ignored-change' });
      expect(m.verdict.modes).toEqual(['alignmentDrift', 'recoveryFailure']);
      expect(m.verdict.primary).toMatchObject({ mode: 'alignmentDrift', step: 3, role: 'planner', mast: 'FM-1.1' });
    });

    it('a change delivered only as a user message is read from its text', () => {
      const m = analyzeEpisode(
        episode({
          steps: [
            handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
            {
              ...tool('executor', 'run_tests', {}, 'SPS'),
              userMessage: { to: 'planner', text: 'Also keep vendor/ untouched, please.' },
            },
            handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
            finish('planner', 'SVS'),
          ],
        }),
      );
      expect(m.drift.requirementChanges).toEqual([{ step: 2, role: 'planner', facts: ['dir'], followed: true }]);
    });
  });

  it('a violation explained by a harmful loss is not drift; an unrelated one still is', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', { text: 'Do the release.', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          write('executor', 'vendor/lib.ts', 'x', 'VPS'),
          handoff('executor', 'planner', { text: 'done' }, 'VPS', { required: [] }),
          finish('planner', 'VVS'),
        ],
      }),
    );
    expect(m.drift.explained).toEqual({ changelog: 'handoffContextLoss' });
    expect(m.drift.unexplained).toEqual(['untouched']);
    expect(m.verdict.modes).toContain('alignmentDrift');
    // The loss came first and did damage: it is the primary mode.
    expect(m.verdict.primary).toMatchObject({ mode: 'handoffContextLoss', step: 1 });
  });

  it('finds where a role that was told a fact started using its guess (handoffs and answers)', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          read('planner', 'README.md', 'SPP'),
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          handoff('executor', 'reviewer', { text: 'Released v1.9.9.' }, 'SPP', { required: [] }),
          handoff('reviewer', 'planner', { text: 'ok' }, 'SPP', { required: [] }),
          finish('planner', 'SVV'),
        ],
      }),
    );
    expect(m.drift.onset).toEqual({ constraint: 'changelog', step: 3, role: 'executor', evidence: 'guess' });
  });
});
