/**
 * The drift metric flags the drifting team: in every episode where its defect changed what the
 * team did to the world or told a teammate, alignment drift is flagged and is the primary mode,
 * starting with the role whose action drifted; a change of requirement it ignores is drift too.
 */
import { describe, expect, it } from 'vitest';
import { createDriftingTeam, type DriftedAction } from '../../agents/index.js';
import { changesWorld, EPISODES, rate, runAll, type Analyzed } from './real.js';

/** Changes of the defect that matter: a different write, or a different handoff. */
function consequential(e: Analyzed<DriftedAction[]>): DriftedAction[] {
  return e.truth.filter((d) => changesWorld(d.intended) || changesWorld(d.taken) || d.intended?.type === 'handoff');
}

describe('drifting', () => {
  it('forgetting early constraints: drift flagged and primary in ≥ 90% of episodes where it changed an action', async () => {
    const episodes = await runAll<DriftedAction>((truth) => createDriftingTeam({ onDrift: (d) => truth.push(d) }));
    const triggered = episodes.filter((e) => consequential(e).length > 0);
    expect(triggered.length).toBeGreaterThanOrEqual(0.9 * EPISODES);
    expect(rate(triggered, (e) => e.metrics.verdict.modes.includes('alignmentDrift'))).toBeGreaterThanOrEqual(0.9);
    expect(rate(triggered, (e) => e.metrics.verdict.primary?.mode === 'alignmentDrift')).toBeGreaterThanOrEqual(0.9);
    // The onset names the role whose action drifted first.
    const flagged = triggered.filter((e) => e.metrics.drift.onset);
    expect(rate(flagged, (e) => e.metrics.drift.onset!.role === consequential(e)[0]!.role)).toBeGreaterThanOrEqual(0.9);
    // It is not mistaken for context loss: every fact was handed over.
    expect(rate(episodes, (e) => !e.metrics.verdict.modes.includes('handoffContextLoss'))).toBe(1);
  });

  it('ignoring a change of requirement: the newest intent loses and drift is primary', async () => {
    const episodes = await runAll<DriftedAction>(
      () => createDriftingTeam({ after: [1000, 1000] }),
      'requirement-change',
    );
    const changed = episodes.filter((e) => e.metrics.drift.requirementChanges.length > 0);
    expect(changed.length).toBeGreaterThanOrEqual(0.9 * EPISODES);
    expect(rate(changed, (e) => e.metrics.drift.newestIntentWon === false)).toBeGreaterThanOrEqual(0.9);
    expect(
      rate(
        changed,
        (e) =>
          e.metrics.verdict.primary?.mode === 'alignmentDrift' && e.metrics.drift.onset?.evidence === 'ignored-change',
      ),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
