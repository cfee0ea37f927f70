/**
 * The paraphrasing probe carries every fact in free text with values paraphrased: the context-loss
 * metric stays quiet on it (≤ 2% of episodes under `clean`, over every env) and it succeeds as
 * the oracle does. (Before the fact matcher, exact-text matching flagged it in 35 of 36 episodes
 * and its receivers, unable to read their briefs, failed half the tasks.)
 */
import { describe, expect, it } from 'vitest';
import { createParaphrasingTeam } from '../../probes/paraphrasing.js';
import { seeds, sized } from '../support/sizes.js';
import { rate, runProbe, where } from './free-text-episodes.js';

const SEEDS = seeds(1, 20);
/** Full size runs 180 episodes per team on 2 busy cores. */
const TIMEOUT = sized(60_000, 900_000);

describe('paraphrasing probe', () => {
  it(
    'is flagged for context loss in ≤ 2% of clean episodes and succeeds like the oracle',
    async () => {
      const episodes = await runProbe(() => createParaphrasingTeam(), SEEDS);
      const flagged = episodes.filter((e) => e.metrics.verdict.modes.includes('handoffContextLoss'));
      const success = rate(episodes, (e) => e.result.success);
      console.log(
        `paraphrasing, clean, ${episodes.length} episodes (${SEEDS.length} seeds × every env): ` +
          `flagged for handoffContextLoss ${((100 * flagged.length) / episodes.length).toFixed(1)}%, ` +
          `success ${(100 * success).toFixed(1)}%`,
      );
      const report = flagged.map((e) => `${where(e)}: lost ${JSON.stringify(e.metrics.handoffLoss.root)}`).join('\n');
      expect(flagged.length / episodes.length, report).toBeLessThanOrEqual(0.02);
      expect(success).toBeGreaterThanOrEqual(0.98);
      // Its handoffs really are free text: no structured facts anywhere.
      for (const e of episodes)
        for (const s of e.result.trajectory) {
          const a = s.action as { type?: string; message?: unknown };
          if (a.type === 'handoff')
            expect(typeof a.message === 'string' || !('facts' in (a.message as object))).toBe(true);
        }
    },
    TIMEOUT,
  );
});
