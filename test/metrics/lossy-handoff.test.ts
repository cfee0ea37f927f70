/**
 * The context-loss metric flags the lossy-handoff team: in every episode where it dropped a fact
 * the receiver needed, the loss is flagged, and the primary failure mode names that handoff's
 * step and sender — whether the oracle's vigilant receivers repair the loss (harmless) or act on
 * what arrived (harmful).
 */
import { describe, expect, it } from 'vitest';
import { createLossyHandoffTeam, type HandoffDrop } from '../../agents/index.js';
import { EPISODES, rate, runAll, type Analyzed } from './real.js';

/** Drops of facts the receiver needed (the env's audit of that handoff requires them). */
function neededDrops(e: Analyzed<HandoffDrop[]>): HandoffDrop[] {
  return e.truth.filter((d) => {
    const required = e.result.trajectory[d.step - 1]?.event.handoff?.required ?? [];
    return d.dropped.some((f) => required.includes(f));
  });
}

/** The handoff the primary mode should name: the first harmful drop, else the first drop. */
function expectedRoot(e: Analyzed<HandoffDrop[]>): HandoffDrop | undefined {
  const drops = neededDrops(e);
  const broke = (d: HandoffDrop) =>
    d.dropped.some((f) =>
      e.result.intent.constraints.some((c) => c.facts.includes(f) && e.result.grade.violated.includes(c.id)),
    );
  return drops.find(broke) ?? drops[0];
}

function check(episodes: Analyzed<HandoffDrop[]>[]): { triggered: number; flagged: number; named: number } {
  const triggered = episodes.filter((e) => neededDrops(e).length > 0);
  const flagged = rate(triggered, (e) => e.metrics.verdict.modes.includes('handoffContextLoss'));
  const named = rate(triggered, (e) => {
    const root = expectedRoot(e)!;
    const p = e.metrics.verdict.primary;
    return p?.mode === 'handoffContextLoss' && p.step === root.step && p.role === root.from;
  });
  return { triggered: triggered.length, flagged, named };
}

describe('lossy-handoff', () => {
  it('with the oracle’s receivers (losses repaired by resends): flagged ≥ 90%, root named ≥ 95%', async () => {
    const episodes = await runAll<HandoffDrop>((truth) => createLossyHandoffTeam({ onDrop: (d) => truth.push(d) }));
    const { triggered, flagged, named } = check(episodes);
    expect(triggered).toBeGreaterThanOrEqual(0.9 * EPISODES);
    expect(flagged).toBeGreaterThanOrEqual(0.9);
    expect(named).toBeGreaterThanOrEqual(0.95);
    // The receivers ask for resends, so the loss is repaired: harmless, and the episode succeeds.
    expect(rate(episodes, (e) => e.result.success)).toBeGreaterThanOrEqual(0.9);
    expect(rate(episodes, (e) => e.metrics.handoffLoss.harmful === 0)).toBeGreaterThanOrEqual(0.9);
  });

  it('with receivers that act on what arrived (harmful losses): flagged ≥ 90%, root named ≥ 95%, not drift', async () => {
    const episodes = await runAll<HandoffDrop>((truth) =>
      createLossyHandoffTeam({ checkBriefs: false, onDrop: (d) => truth.push(d) }),
    );
    const { triggered, flagged, named } = check(episodes);
    expect(triggered).toBeGreaterThanOrEqual(0.9 * EPISODES);
    expect(flagged).toBeGreaterThanOrEqual(0.9);
    expect(named).toBeGreaterThanOrEqual(0.95);
    const failed = episodes.filter((e) => !e.result.success);
    expect(
      rate(failed, (e) => e.metrics.verdict.primary?.mode === 'handoffContextLoss' && e.metrics.verdict.primary.causal),
    ).toBeGreaterThanOrEqual(0.95);
    // Violations the loss explains are not also counted as drift.
    expect(rate(episodes, (e) => !e.metrics.verdict.modes.includes('alignmentDrift'))).toBeGreaterThanOrEqual(0.9);
  });
});
