/**
 * Property-based robustness: fault plans are fast-check arbitraries, so "for all seeds and plans,
 * team T succeeds" is a property, and a failure shrinks to the smallest plan that breaks it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { faultChoicesArbitrary, materializeFaultPlan, reproduction } from '../../src/testing/index.js';

const ENVS = ['filesystem/rename-symbol-v1', 'filesystem/split-module-v1'];

beforeAll(() => loadBuiltins());

/** The property: the team succeeds on (env, seed) under the plan; a failure says how to reproduce it. */
function succeedsUnder(teamId: string) {
  return fc.asyncProperty(
    fc.constantFrom(...ENVS),
    fc.nat({ max: 99 }),
    faultChoicesArbitrary({ maxLength: 3 }),
    async (envId, seed, choices) => {
      const faultPlan = materializeFaultPlan(envId, seed, choices);
      const r = await runEpisode({ env: envId, team: findTeam(teamId)!, seed, faultPlan });
      if (!r.success)
        throw new Error(
          `${teamId} failed (${r.outcome}, violated ${r.grade.violated.join(', ')}); ${reproduction(envId, seed, faultPlan)}`,
        );
    },
  );
}

describe('fault plans as arbitraries', () => {
  it('for all seeds and plans of up to 3 perturbations, the oracle succeeds', async () => {
    await fc.assert(succeedsUnder('oracle'), { numRuns: 60, seed: 42 });
  });

  it('shrinks a failure of the brittle team to a single perturbation, and prints how to reproduce it', async () => {
    const details = await fc.check(succeedsUnder('brittle'), { numRuns: 200, seed: 7 });
    expect(details.failed).toBe(true);
    const [envId, seed, choices] = details.counterexample!;
    const plan = materializeFaultPlan(envId, seed, choices);
    // Shrinking removed every perturbation that was not needed to break the team.
    expect(plan).toHaveLength(1);
    expect(String(details.errorInstance)).toContain(
      `reproduce with: runEpisode({ env: "${envId}", seed: ${seed}, faultPlan: `,
    );
    // The reproduction really reproduces: same failure when replayed by hand.
    const again = await runEpisode({ env: envId, team: findTeam('brittle')!, seed, faultPlan: plan });
    expect(again.success).toBe(false);
  });

  it('materializes the same plan for the same (env, seed, choices), and nothing for no choices', () => {
    const choices = [
      { type: 'transient-error', site: 3, param: 17 },
      { type: 'ambiguity', site: 0, param: 5 },
    ];
    expect(materializeFaultPlan(ENVS[0]!, 4, choices)).toEqual(materializeFaultPlan(ENVS[0]!, 4, choices));
    expect(materializeFaultPlan(ENVS[0]!, 4, choices).map((p) => p.type)).toEqual(['transient-error', 'ambiguity']);
    expect(materializeFaultPlan(ENVS[0]!, 4, [])).toEqual([]);
  });
});
