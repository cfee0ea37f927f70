/**
 * The perturbation engine reaches a team env through its registration, never through what the
 * process happened to import: a world package imported alone runs every profile, and a family
 * registered without an engine refuses any profile but `clean`.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { FILESYSTEM_FAMILIES } from '../../environments/filesystem/index.js';
import { registerTaskFamilies } from '../../src/world/register-families.js';
import { registerTaskFamily } from '../../src/world/register.js';
import { teamModelOf, teamStateOf } from '../../src/team/team-env.js';
import { perturbationEngine } from '../../src/perturb/engine.js';
import { notesFamily } from '../fixtures/notes-world.js';
import { runConfigOf } from '../../src/run/runner.js';
import type { PerturbationEngine } from '../../src/team/perturbation.js';

describe('perturbation wiring', () => {
  it('a world package imported alone runs perturbed episodes with the built-in engine', () => {
    registerTaskFamilies(FILESYSTEM_FAMILIES);
    const env = make('filesystem/rename-symbol-v1');
    expect(teamModelOf(env).perturbations).toBe(perturbationEngine);
    const planned = [0, 1, 2, 3].map((seed) => {
      env.reset({ seed, options: { perturb: 'production' } });
      return teamStateOf(env)?.faults.plan.length ?? 0;
    });
    expect(planned.some((n) => n > 0)).toBe(true);
  });

  it('a family registered with perturbations: null runs clean and refuses other profiles', () => {
    const spec = registerTaskFamily({ ...notesFamily, id: 'clean-only-notes' }, { perturbations: null });
    const env = make(spec.id);
    expect(teamModelOf(env).perturbations).toBeNull();
    expect(() => env.reset({ seed: 1 })).not.toThrow();
    expect(() => env.reset({ seed: 1, options: { perturb: 'production' } })).toThrow(InvalidArgumentError);
    expect(() => env.reset({ seed: 1, options: { perturb: 'production' } })).toThrow(/registered without/);
  });

  it('the runner checks a profile against the engine each env was registered with', () => {
    const cleanOnly = registerTaskFamily({ ...notesFamily, id: 'runner-clean-notes' }, { perturbations: null }).id;
    const run = (envs: string[], perturb: string) => runConfigOf({ envs, teams: [], seeds: [0], perturb });
    expect(run([cleanOnly], 'clean').perturb).toBe('clean');
    expect(() => run([cleanOnly], 'production')).toThrow(/registered without a perturbation engine/);

    const extended: PerturbationEngine = {
      ...perturbationEngine,
      profiles: () => [...perturbationEngine.profiles(), { id: 'house', description: 'the house mix' }],
      hasProfile: (id) => id === 'house' || perturbationEngine.hasProfile(id),
      plan: (_profile, task, world, rng) => perturbationEngine.plan('production', task, world, rng),
    };
    const custom = registerTaskFamily({ ...notesFamily, id: 'runner-house-notes' }, { perturbations: extended }).id;
    expect(run([custom], 'house').perturb).toBe('house');
    expect(() => run([custom, cleanOnly], 'house')).toThrow(/--perturb/);
  });
});
