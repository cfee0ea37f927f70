import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../src/metrics/index.js';
import { FULL_BRIEF, episode, finish, fired, handoff, read, write } from './synthetic.js';

// Ledger order: untouched (invariant, dir), changelog (goal, version), tests (sub-goal).

describe('handoff context loss', () => {
  it('stays quiet when every needed fact is carried', () => {
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
    expect(m.handoffLoss.occurred).toBe(false);
    expect(m.handoffLoss.lost).toBe(0);
    expect(m.verdict.modes).toEqual([]);
    expect(m.verdict.primary).toBeNull();
  });

  it('a missing fact whose constraint ends violated is a harmful loss, charged to the sender', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          read('planner', 'README.md', 'SPP'),
          handoff('planner', 'executor', { text: 'Do the release.', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    const h = m.handoffLoss.handoffs[0]!;
    expect(h).toMatchObject({
      step: 2,
      from: 'planner',
      to: 'executor',
      missing: ['version'],
      lost: ['version'],
      harmful: ['version'],
      harmed: ['changelog'],
    });
    expect(m.handoffLoss.occurred).toBe(true);
    expect(m.verdict.primary).toMatchObject({
      mode: 'handoffContextLoss',
      step: 2,
      role: 'planner',
      mast: 'FM-2.4',
      causal: true,
    });
    // The violation is explained by the loss: no drift on top of it.
    expect(m.drift.explained).toEqual({ changelog: 'handoffContextLoss' });
    expect(m.verdict.modes).toEqual(['handoffContextLoss']);
  });

  it('the same loss with the constraint satisfied in the end is a loss, but not harmful', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', { text: 'Do the release.', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          handoff('executor', 'planner', { text: 'done' }, 'SSS', { required: [] }),
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[0]).toMatchObject({ lost: ['version'], harmful: [] });
    expect(m.handoffLoss.occurred).toBe(true);
    expect(m.verdict.success).toBe(true);
    expect(m.verdict.primary).toMatchObject({ mode: 'handoffContextLoss', step: 1, causal: false });
  });

  it('a fact dropped in transit is not the sender’s loss', () => {
    const drop = fired({
      id: 'p1',
      type: 'handoff-field-drop',
      kind: 'team',
      site: 'handoff',
      recovery: 'clarify',
      step: 1,
      role: 'executor',
      facts: ['version'],
    });
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff(
            'planner',
            'executor',
            FULL_BRIEF,
            'SPP',
            { required: ['dir', 'version'], delivered: ['dir'] },
            { perturbations: [drop] },
          ),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[0]).toMatchObject({ lost: [], transit: ['version'] });
    expect(m.handoffLoss.occurred).toBe(false);
    // A recovery matter: the receiver never asked for it again.
    expect(m.recovery.responses[0]).toMatchObject({ id: 'p1', response: 'ignored_claimed_success' });
    expect(m.verdict.primary).toMatchObject({ mode: 'recoveryFailure', step: 1, role: 'executor', mast: 'FM-2.2' });
  });

  it('a fact the sender never got is charged upstream, not to the sender', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', { text: 'Do the release.', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'reviewer', { text: 'Please check.', facts: { dir: 'vendor/' } }, 'SPS', {
            required: ['version'],
          }),
          handoff('reviewer', 'planner', { text: 'ok' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[1]).toMatchObject({
      from: 'executor',
      missing: ['version'],
      lost: [],
      inherited: ['version'],
    });
    expect(m.handoffLoss.lost).toBe(1);
    expect(m.verdict.primary).toMatchObject({ mode: 'handoffContextLoss', step: 1, role: 'planner' });
  });

  it('a fact stated with another value is misstated (a departure), not withheld', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          handoff('executor', 'reviewer', { text: 'Please check.', facts: { version: 'v1.9.9' } }, 'SPP', {
            required: ['version'],
          }),
          handoff('reviewer', 'planner', { text: 'ok' }, 'SPP', { required: [] }),
          finish('planner', 'SVV'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[1]).toMatchObject({ missing: ['version'], misstated: ['version'], lost: [] });
    expect(m.handoffLoss.occurred).toBe(false);
    expect(m.drift.onset).toMatchObject({ constraint: 'changelog', step: 2, role: 'executor', evidence: 'misstated' });
  });

  it('a relayed fact the relay drops is lost conversation history (FM-1.4)', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          handoff('executor', 'reviewer', { text: 'Please check.' }, 'SSS', { required: ['version'] }),
          handoff('reviewer', 'planner', { text: 'ok' }, 'SSS', { required: [] }),
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[1]).toMatchObject({ from: 'executor', lost: ['version'], harmful: [] });
    expect(m.verdict.primary).toMatchObject({ mode: 'handoffContextLoss', step: 3, role: 'executor', mast: 'FM-1.4' });
  });

  it('a loss repaired before the receiver acted does no harm', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', { text: 'Do the release.', facts: { dir: 'vendor/' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['version'] }),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    expect(m.handoffLoss.handoffs[0]).toMatchObject({ lost: ['version'], harmful: [] });
  });
});
