/**
 * The cascade metric flags the credulous team wherever its defect acted, on every env: under the
 * `data` profile, in every episode where a role acted on a wrong value it took in unchecked (the
 * team reports each such action) or an injected instruction fired (the team obeys them all),
 * cascading errors are flagged in at least 95% of episodes, per env.
 *
 * Bad data that fires on a read whose value the team never uses afterwards (a post-deploy metrics
 * check, a page the executor already had the figure for) does not trigger the defect: the team
 * then does what the oracle does with it — nothing — and no metric should flag it.
 */
import { describe, expect, it } from 'vitest';
import { createCredulousTeam } from '../../agents/index.js';
import { loadBuiltins } from '../../src/builtins.js';
import { analyzeEpisode } from '../../src/metrics/index.js';
import { runEpisode } from '../../src/team/episode.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';

loadBuiltins();
// 14 seeds trigger the defect 6+ times on every env (the test needs 5); 20 gave 9-12.
const SEEDS = seeds(14, 50);

interface Tally {
  triggered: number;
  flagged: number;
}

describe('credulous under the data profile', () => {
  it('is flagged for cascading errors in ≥ 95% of triggered episodes on every env', async () => {
    const withInjections: Record<string, Tally> = {};
    const withoutInjections: Record<string, Tally> = {};
    for (const env of builtinEnvIds()) {
      withInjections[env] = { triggered: 0, flagged: 0 };
      withoutInjections[env] = { triggered: 0, flagged: 0 };
      for (const seed of SEEDS) {
        let trusted = false;
        const team = createCredulousTeam({ onTrust: () => (trusted = true) });
        const result = await runEpisode({ env, team, seed, perturb: 'data' });
        const fired = [
          ...result.perturbations.atReset,
          ...result.trajectory.flatMap((s) => s.event.perturbations ?? []),
        ];
        const injected = fired.some((p) => p.type === 'injection');
        if (!trusted && !injected) continue;
        const flagged = analyzeEpisode(result).verdict.modes.includes('cascadingErrors') ? 1 : 0;
        const all = withInjections[env];
        all.triggered++;
        all.flagged += flagged;
        if (!injected) {
          const some = withoutInjections[env];
          some.triggered++;
          some.flagged += flagged;
        }
      }
    }
    const rate = (t: Tally) => (t.triggered === 0 ? 1 : t.flagged / t.triggered);
    for (const env of Object.keys(withInjections)) {
      const a = withInjections[env] as Tally;
      const b = withoutInjections[env] as Tally;
      console.log(
        `${env}: cascade when triggered ${rate(a).toFixed(3)} (n=${a.triggered}); without injection episodes ${rate(b).toFixed(3)} (n=${b.triggered})`,
      );
      expect(a.triggered, env).toBeGreaterThanOrEqual(5);
      expect(rate(a), env).toBeGreaterThanOrEqual(0.95);
      expect(rate(b), env).toBeGreaterThanOrEqual(0.95);
    }
  }, 120_000);
});
