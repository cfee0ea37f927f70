import { describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { findTeam } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import { MOCK_WEB_FAMILIES } from '../../../environments/mock-web/index.js';
import { CATALOG, perturbationEngine } from '../../../src/perturb/index.js';
import { Rng } from '../../../src/core/rng.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

loadBuiltins();
registerTaskFamilies(MOCK_WEB_FAMILIES);

const SEEDS = seeds(25, 50);

/** Success rate of a reference team on one env and profile, with the failing seeds for the message. */
async function rate(env: string, team: string, perturb: string): Promise<{ rate: number; failed: string[] }> {
  const t = findTeam(team);
  if (!t) throw new Error(`no team ${team}`);
  const failed: string[] = [];
  let ok = 0;
  for (const seed of SEEDS) {
    const r = await runEpisode({ env, team: t, seed, perturb });
    if (r.success) ok++;
    else failed.push(`seed ${seed}: ${r.outcome} (${r.grade.violated.join(', ')})`);
  }
  return { rate: ok / SEEDS.length, failed };
}

describe.each(MOCK_WEB_FAMILIES.map((f) => [`mock-web/${f.id}-v${f.version}`, f] as const))(
  '%s with the team loop',
  (env, family) => {
    it('every perturbation kind of the catalog finds a site in every task', () => {
      for (const type of CATALOG) {
        for (const seed of SEEDS.slice(0, 10)) {
          const task = family.generate(Rng.fromSeed(seed).fork('task'), seed);
          const planned = perturbationEngine.plan(type.id, task, family.world, Rng.fromSeed(seed).fork('faults'));
          expect(planned.length, `${type.id} on seed ${seed}`).toBeGreaterThan(0);
        }
      }
    });

    it('the oracle succeeds on 95%+ of seeds, clean', async () => {
      const r = await rate(env, 'oracle', 'clean');
      expect(r.rate, r.failed.join('\n')).toBeGreaterThanOrEqual(0.95);
    });

    it('the oracle succeeds on 95%+ of seeds under the production profile', async () => {
      const r = await rate(env, 'oracle', 'production');
      expect(r.rate, r.failed.join('\n')).toBeGreaterThanOrEqual(0.95);
    });

    it('a random team succeeds on 5% of seeds at most', async () => {
      const r = await rate(env, 'random', 'clean');
      expect(r.rate).toBeLessThanOrEqual(0.05);
    });
  },
);
