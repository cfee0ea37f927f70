/**
 * The paraphrasing probe under faults: the oracle handing off in free text stays quiet (≤ 2% of
 * episodes flagged for any mode) and succeeds as often as the oracle on the same episodes, under
 * each fault profile. Before the fixes it was flagged in 10% (production), 29% (instruction) and
 * 6% (team) of 90 episodes and succeeded in 66 of 90 under instruction where the oracle succeeded
 * in all: a dropped field survived in paraphrased form (the fault fired without effect), and a
 * changed requirement passed on in prose was unreadable to the receivers and, when the executor
 * reported the old value, counted as withheld rather than outdated.
 */
import { describe, expect, it } from 'vitest';
import { createParaphrasingTeam } from '../../probes/paraphrasing.js';
import { oracleTeam } from '../../src/public/teams.js';
import { runEpisode } from '../../src/team/episode.js';
import { FULL, sized } from '../support/sizes.js';
import { rate, runProbe, where } from './free-text-episodes.js';

/**
 * Quick: one seed per profile at which its team fault or requirement change fires in most envs
 * (field drop at 8 under production, requirement change at 6 under instruction, field drop at 6
 * under team); full: seeds 0-29.
 */
const PROFILES: Record<string, number[]> = FULL
  ? Object.fromEntries(['production', 'instruction', 'team'].map((p) => [p, Array.from({ length: 30 }, (_, i) => i)]))
  : { production: [8], instruction: [6], team: [6] };
const TIMEOUT = sized(60_000, 1_800_000);

describe('paraphrasing probe under faults', () => {
  for (const [profile, seeds] of Object.entries(PROFILES)) {
    it(
      `${profile}: flagged for any mode in ≤ 2% of episodes, and succeeds as often as the oracle`,
      async () => {
        const episodes = await runProbe(() => createParaphrasingTeam(), seeds, profile);
        let oracleSuccesses = 0;
        for (const e of episodes)
          if ((await runEpisode({ env: e.envId, team: oracleTeam, seed: e.seed, perturb: profile })).success)
            oracleSuccesses++;
        const flagged = episodes.filter((e) => e.metrics.verdict.modes.length > 0);
        const successes = episodes.filter((e) => e.result.success).length;
        console.log(
          `paraphrasing, ${profile}, ${episodes.length} episodes: flagged for any mode ` +
            `${(100 * rate(episodes, (e) => e.metrics.verdict.modes.length > 0)).toFixed(1)}%, ` +
            `success ${successes}/${episodes.length} (oracle ${oracleSuccesses}/${episodes.length})`,
        );
        const report = flagged.map((e) => `${where(e)}: ${e.metrics.verdict.modes.join(', ')}`).join('\n');
        expect(flagged.length / episodes.length, report).toBeLessThanOrEqual(0.02);
        expect(successes).toBeGreaterThanOrEqual(oracleSuccesses);
      },
      TIMEOUT,
    );
  }
});
