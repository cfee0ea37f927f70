/**
 * Seeded perturbations: the catalog, the profiles and the engine. Loading this module installs
 * the engine into the team model, which makes every profile available to `reset({ options:
 * { perturb } })`, `runEpisode({ perturb })` and `faultline run --perturb`.
 */
import { installPerturbationEngine } from '../team/perturbation.js';
import { perturbationEngine } from './engine.js';

export { perturbationEngine, catalogEntries } from './engine.js';
export { PROFILES, profile, type Profile } from './profiles.js';
export { CATALOG, perturbationType, type PerturbationType } from './catalog/index.js';

/** Installs the built-in perturbation engine (idempotent). */
export function installPerturbations(): void {
  installPerturbationEngine(perturbationEngine);
}
