/**
 * Variants keep every env solvable and unsolved alike, through the real episode loop: on every
 * registered env, the oracle solves variants 1–3 of a seed wherever it solves the task itself
 * (clean and under production faults), the random team solves none, and any variant of any seed
 * resets and survives random actions.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { make } from '../../src/core/registry.js';
import { Rng } from '../../src/core/rng.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { builtinEnvIds } from '../support/envs.js';
import { runs, seeds, sized } from '../support/sizes.js';

const envIds = builtinEnvIds();
// Any seed exercises the variant machinery; 3 seeds per env keep every env and variant covered.
const SEEDS = seeds(3, 8);
const VARIANTS = [1, 2, 3];

describe.each(envIds)('%s', (envId) => {
  it.each(['clean', 'production'])(
    'the oracle solves variants 1–3 wherever it solves the task (%s)',
    async (perturb) => {
      const oracle = findTeam('oracle')!;
      const failed: string[] = [];
      let solved = 0;
      for (const seed of SEEDS) {
        const base = await runEpisode({ env: envId, team: oracle, seed, perturb });
        if (!base.success) continue;
        solved++;
        for (const variant of VARIANTS) {
          const r = await runEpisode({ env: envId, team: oracle, seed, perturb, variant });
          if (!r.success)
            failed.push(`seed ${seed} variant ${variant}: ${r.outcome}, violated ${r.grade.violated.join(', ')}`);
        }
      }
      expect(failed).toEqual([]);
      // Seeds the oracle does not solve are not compared; a sweep that compared none would prove nothing.
      expect(solved, `the oracle solved ${solved} of ${SEEDS.length} seeds`).toBeGreaterThan(SEEDS.length / 2);
    },
  );

  it('the random team solves no variant', async () => {
    const random = findTeam('random')!;
    for (const seed of SEEDS.slice(0, sized(2, 4))) {
      const r = await runEpisode({ env: envId, team: random, seed, perturb: 'production', variant: 1 + (seed % 3) });
      expect(r.success, `seed ${seed}`).toBe(false);
    }
  });
});

test.prop(
  [
    fc.constantFrom(...envIds),
    fc.nat({ max: 0xffff_ffff }),
    fc.integer({ min: 1, max: 1000 }),
    fc.constantFrom('clean', 'production', 'chaos'),
  ],
  { numRuns: runs(15, 40) },
)('any variant of any seed resets and survives random actions', (envId, seed, variant, perturb) => {
  const env = make(envId, { maxEpisodeSteps: 40 });
  env.reset({ seed, options: { variant, perturb } });
  const rng = Rng.fromSeed(seed);
  for (let i = 0; i < 40; i++) {
    const r = env.step(env.sampleAction(rng));
    expect(Number.isFinite(r.reward)).toBe(true);
    if (r.terminated || r.truncated) break;
  }
});
