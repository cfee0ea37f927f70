/**
 * The flaky-api families under the real team loop: the oracle team succeeds under clean and
 * production perturbations, the random team does not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { findTeam } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import { FLAKY_API_FAMILIES } from '../../../environments/flaky-api/index.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';
import { seeds } from '../../support/sizes.js';

const SEEDS = seeds(25, 50);

beforeAll(() => {
  loadBuiltins();
  registerTaskFamilies(FLAKY_API_FAMILIES);
});

async function rate(env: string, team: string, perturb: string): Promise<{ rate: number; failed: string[] }> {
  const failed: string[] = [];
  for (const seed of SEEDS) {
    const r = await runEpisode({ env, team: findTeam(team)!, seed, perturb });
    if (!r.success)
      failed.push(
        `seed ${seed}: ${r.outcome} violated ${r.grade.violated.join(',')} perturbations ${JSON.stringify(r.perturbations)}`.slice(
          0,
          600,
        ),
      );
  }
  return { rate: 1 - failed.length / SEEDS.length, failed };
}

describe.each(FLAKY_API_FAMILIES.map((f) => [`flaky-api/${f.id}-v${f.version}`] as const))(
  '%s with real teams',
  (env) => {
    it('the oracle succeeds on >= 95% of seeds under clean and production', async () => {
      for (const perturb of ['clean', 'production']) {
        const r = await rate(env, 'oracle', perturb);
        expect(r.rate, `${perturb}:\n${r.failed.join('\n')}`).toBeGreaterThanOrEqual(0.95);
      }
    }, 120_000);

    it('the random team succeeds on <= 5% of seeds', async () => {
      const r = await rate(env, 'random', 'clean');
      expect(r.rate).toBeLessThanOrEqual(0.05);
    }, 120_000);
  },
);
