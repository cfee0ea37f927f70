/**
 * Registering a task family as an env, for world authors. This is the seam where an authored
 * family is wired to the perturbation engine it runs with: the built-in catalog unless the
 * author passes another engine, or `null` for a family that only runs clean.
 */
import type { EnvSpec } from '../core/spec.js';
import { perturbationEngine as builtinEngine } from '../perturb/engine.js';
import type { PerturbationEngine } from '../team/perturbation.js';
import { registerTaskFamily as registerTeamEnv } from '../team/team-env.js';
import type { TaskFamily } from '../team/world.js';

/** Options of {@link registerTaskFamily}. */
export interface RegisterTaskFamilyOptions {
  /**
   * The perturbation engine the family's episodes run with; `null` allows only the `clean`
   * profile. @defaultValue the built-in engine (every profile of the catalog)
   */
  readonly perturbations?: PerturbationEngine | null;
}

/** Registers a task family as the env `world/family-vN`; returns its spec. */
export function registerTaskFamily<W>(family: TaskFamily<W>, options: RegisterTaskFamilyOptions = {}): EnvSpec {
  const perturbations = options.perturbations === undefined ? builtinEngine : options.perturbations;
  return registerTeamEnv(family, { perturbations });
}
