/**
 * The fact-drop probe leaves exactly one needed fact out of one free-text brief: the context-loss
 * metric flags it, with the dropped fact in the loss root's `lost` at the step and role that
 * dropped it, in ≥ 95% of the episodes where the receiver needed that fact.
 */
import { describe, expect, it } from 'vitest';
import { createFactDropTeam } from '../../probes/fact-drop.js';
import { seeds, sized } from '../support/sizes.js';
import { rate, runProbe, where, type ProbeEpisode } from './free-text-episodes.js';

const SEEDS = seeds(1, 20);
/** Full size runs 180 episodes per team on 2 busy cores. */
const TIMEOUT = sized(60_000, 900_000);

/** The drop, when the env's audit of that handoff says the receiver needed the fact. */
function neededDrop(e: ProbeEpisode) {
  const drop = e.reports[0];
  if (!drop?.facts?.[0]) return undefined;
  const required = e.result.trajectory[drop.step - 1]?.event.handoff?.required ?? [];
  return required.includes(drop.facts[0]) ? drop : undefined;
}

describe('fact-drop probe', () => {
  it(
    'is flagged, naming the dropped fact, step and sender, in ≥ 95% of the episodes that dropped a needed fact',
    async () => {
      const episodes = await runProbe((onDefect) => createFactDropTeam({ onDefect }), SEEDS);
      expect(
        episodes.every((e) => e.reports.length === 1),
        'exactly one drop per episode',
      ).toBe(true);
      const triggered = episodes.filter((e) => neededDrop(e) !== undefined);
      const named = (e: ProbeEpisode) => {
        const drop = neededDrop(e)!;
        const root = e.metrics.handoffLoss.root;
        return (
          e.metrics.verdict.modes.includes('handoffContextLoss') &&
          root !== null &&
          root.step === drop.step &&
          root.from === drop.role &&
          root.lost.includes(drop.facts![0]!)
        );
      };
      const flagged = rate(triggered, (e) => e.metrics.verdict.modes.includes('handoffContextLoss'));
      const namedRate = rate(triggered, named);
      console.log(
        `fact-drop, clean, ${episodes.length} episodes: ${triggered.length} dropped a needed fact; ` +
          `flagged ${(100 * flagged).toFixed(1)}%, dropped fact named in the loss root ${(100 * namedRate).toFixed(1)}%`,
      );
      expect(triggered.length).toBeGreaterThanOrEqual(0.9 * episodes.length);
      const missed = triggered
        .filter((e) => !named(e))
        .map((e) => `${where(e)}: ${JSON.stringify(e.metrics.handoffLoss.root)}`);
      expect(namedRate, missed.join('\n')).toBeGreaterThanOrEqual(0.95);
    },
    TIMEOUT,
  );
});
