/**
 * A team's own wrong values linked to the damage they did: what broke for want of a call the
 * wrong value got rejected, failing tests while the value is still in the world, and a wrong
 * value written another way.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../src/metrics/index.js';
import { containsValue } from '../../src/metrics/timeline.js';
import { FULL_BRIEF, episode, finish, handoff, tool, write } from './synthetic.js';

describe('own wrong values', () => {
  it('finds a value written another way, and only that value', () => {
    expect(containsValue('release version 1.9.9 is out', 'v1.9.9')).toBe(true);
    expect(containsValue('release version 1.9.9 is out', 'v2.0.0')).toBe(false);
    expect(containsValue('## v1.9.9', 'v1.9.9')).toBe(true);
  });

  it('a failed call never redone is the onset of what later breaks for want of it', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          tool('executor', 'deploy', { version: 'v1.9.9' }, 'SPP', { ok: false }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          write('executor', 'vendor/lib.js', 'patched', 'VSS'),
          finish('executor', 'VSS'),
        ],
      }),
    );
    expect(m.cascades.cascades[0]?.source).toMatchObject({ kind: 'own-value', step: 2, missed: true });
    expect(m.drift.onsets.find((o) => o.constraint === 'untouched')).toMatchObject({ step: 2, role: 'executor' });
    expect(m.verdict.primary).toMatchObject({ step: 2, role: 'executor' });
  });

  it('a call redone with the real value is not', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          tool('executor', 'deploy', { version: 'v1.9.9' }, 'SPP', { ok: false }),
          tool('executor', 'deploy', { version: 'v2.0.0' }, 'SPP', { writes: ['service'] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          write('executor', 'vendor/lib.js', 'patched', 'VSS'),
          finish('executor', 'VSS'),
        ],
      }),
    );
    expect(m.cascades.cascades[0]?.source).toMatchObject({ kind: 'own-value', step: 2, missed: false });
    expect(m.verdict.primary).toMatchObject({ mode: 'alignmentDrift', step: 5, role: 'executor' });
  });

  it('failing tests while the wrong value is still in the world are its cascade', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] }),
          write('executor', 'notes.md', 'release v1.9.9', 'SPP'),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSP'),
          finish('executor', 'SSV'),
        ],
      }),
    );
    const c = m.cascades.cascades[0];
    expect(c?.source).toMatchObject({ kind: 'own-value', step: 2, constraints: ['changelog', 'tests'] });
    expect(c).toMatchObject({ spread: true, contained: false });
    expect(m.verdict.primary).toMatchObject({ mode: 'cascadingErrors', step: 2, role: 'executor' });
  });
});
