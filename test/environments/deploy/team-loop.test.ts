/**
 * The deploy world through the real episode loop: the oracle team succeeds on ≥ 95% of 50 seeds
 * under the clean and production profiles, and the random team on ≤ 5%.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { findTeam } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import { DEPLOY_FAMILIES } from '../../../environments/deploy/index.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

loadBuiltins();
registerTaskFamilies(DEPLOY_FAMILIES);

const SEEDS = seeds(25, 50);

describe.each(DEPLOY_FAMILIES.map((f) => `deploy/${f.id}-v${f.version}`))('%s in the team loop', (envId) => {
  async function rate(teamId: string, perturb: string): Promise<{ rate: number; failed: string[] }> {
    const team = findTeam(teamId);
    if (!team) throw new Error(`no team ${teamId}`);
    let ok = 0;
    const failed: string[] = [];
    for (const seed of SEEDS) {
      const r = await runEpisode({ env: envId, team, seed, perturb });
      expect(r.error, `${teamId} seed ${seed}`).toBeNull();
      if (r.success) ok++;
      else
        failed.push(
          `seed ${seed}: ${r.outcome} violated ${r.grade.violated.join(',')} perturbations ${r.perturbations.plan.map((p) => p.type).join(',')}`,
        );
    }
    return { rate: ok / SEEDS.length, failed };
  }

  it.each(['clean', 'production'])(
    'oracle succeeds on ≥ 95 percent of seeds under %s',
    async (profile) => {
      const { rate: r, failed } = await rate('oracle', profile);
      expect(r, failed.join('\n')).toBeGreaterThanOrEqual(0.95);
    },
    120_000,
  );

  it('random succeeds on ≤ 5 percent of seeds', async () => {
    const { rate: r } = await rate('random', 'clean');
    expect(r).toBeLessThanOrEqual(0.05);
  }, 120_000);
});
